package io.inferedge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@value #RESOURCE}, the settings every service shares (Kafka serialisation with the
 * error-handling deserialiser, idempotent producers, observation, actuator exposure, problem
 * details), with the lowest precedence: a service's own {@code application.yml}, environment
 * variables and command-line arguments all override it. Runs once at start; stateless.
 */
public final class ServiceDefaults implements EnvironmentPostProcessor, Ordered {

  static final String RESOURCE = "infer-edge-service-defaults.yml";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    try {
      for (var source :
          new YamlPropertySourceLoader().load(RESOURCE, new ClassPathResource(RESOURCE))) {
        environment.getPropertySources().addLast(source);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** After the config data (application.yml) is loaded, so that it is already ahead of ours. */
  @Override
  public int getOrder() {
    return ConfigDataEnvironmentPostProcessor.ORDER + 1;
  }
}
