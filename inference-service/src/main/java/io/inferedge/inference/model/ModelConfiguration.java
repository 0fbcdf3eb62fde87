package io.inferedge.inference.model;

import io.inferedge.inference.InferenceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring wiring of the model zoo: the registry, loaded once at start and closed with the context.
 */
@Configuration(proxyBeanMethods = false)
class ModelConfiguration {

  @Bean(destroyMethod = "close")
  ModelRegistry modelRegistry(InferenceProperties properties) {
    return ModelRegistry.load(
        properties.modelDir(), properties.predictorsPerModel(), properties.acquireTimeout());
  }

  /** Health component {@code models}, part of the readiness group. */
  @Bean
  ModelsHealthIndicator modelsHealthIndicator(ModelRegistry registry) {
    return new ModelsHealthIndicator(registry);
  }
}
