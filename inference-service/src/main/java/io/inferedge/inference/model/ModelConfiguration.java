package io.inferedge.inference.model;

import io.inferedge.inference.InferenceProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring wiring of the model zoo: the registry, loaded once at start and closed with the context,
 * its health, and the predictor pools' occupancy as the gauge {@code inference.predictors} (tags
 * {@code model}, {@code signature}, {@code state} = {@code busy} or {@code idle}).
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

  @Bean
  MeterBinder predictorPoolMeters(ModelRegistry registry) {
    return meters -> {
      for (LoadedModel model : registry.models()) {
        String name = model.manifest().name();
        for (String signature : model.signatures()) {
          Gauge.builder(
                  "inference.predictors",
                  model,
                  m -> m.predictors(signature) - m.availablePredictors(signature))
              .description("Predictors of a model signature's pool, by state")
              .tags("model", name, "signature", signature, "state", "busy")
              .register(meters);
          Gauge.builder("inference.predictors", model, m -> m.availablePredictors(signature))
              .description("Predictors of a model signature's pool, by state")
              .tags("model", name, "signature", signature, "state", "idle")
              .register(meters);
        }
      }
    };
  }
}
