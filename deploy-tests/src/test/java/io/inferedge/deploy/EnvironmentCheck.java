package io.inferedge.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Whether the environment variables a deployment file gives a service are read by that service.
 * Uses Spring Boot's own mapping of environment variables to property names (relaxed binding), so
 * {@code INFER_EDGE_INFERENCE_DEVICE_ID} counts for {@code infer-edge.inference.device-id} exactly
 * when Spring would bind it. Stateless; thread-safe.
 */
final class EnvironmentCheck {

  /** Read by the JVM, TensorFlow or DJL rather than by Spring; allowed for every service. */
  static final Set<String> RUNTIME_VARIABLES =
      Set.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "TF_CPP_MIN_LOG_LEVEL", "DJL_CACHE_DIR");

  private EnvironmentCheck() {}

  /** The property of the service that variable {@code name} sets, if any. */
  static Optional<String> propertyBoundBy(ServiceModule service, String name) {
    ConfigurationPropertySource source =
        ConfigurationPropertySource.from(
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.<String, Object>of(name, "value")));
    for (Map.Entry<String, Boolean> e : service.recordProperties().entrySet()) {
      ConfigurationPropertyName property = ConfigurationPropertyName.ofIfValid(e.getKey());
      if (property == null) {
        continue;
      }
      if (source.getConfigurationProperty(property) != null
          || (e.getValue()
              && source.containsDescendantOf(property) == ConfigurationPropertyState.PRESENT)) {
        return Optional.of(e.getKey());
      }
    }
    for (String key : service.ymlProperties().keySet()) {
      ConfigurationPropertyName property = ConfigurationPropertyName.ofIfValid(key);
      if (property != null && source.getConfigurationProperty(property) != null) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /**
   * Variables of {@code environment} that the service does not read: neither a placeholder of its
   * application.yml, nor bound to one of its properties, nor a runtime variable.
   */
  static List<String> unread(ServiceModule service, Iterable<String> environment) {
    List<String> unread = new ArrayList<>();
    for (String name : environment) {
      boolean read =
          service.placeholders().containsKey(name)
              || RUNTIME_VARIABLES.contains(name)
              || propertyBoundBy(service, name).isPresent();
      if (!read) {
        unread.add(name);
      }
    }
    return unread;
  }

  /**
   * Placeholders a container must set: those whose default points at localhost (right for the local
   * mode, wrong in a container) and the database password (empty by default).
   */
  static List<String> required(ServiceModule service) {
    List<String> required = new ArrayList<>();
    service
        .placeholders()
        .forEach(
            (name, defaultValue) -> {
              if ((defaultValue != null && defaultValue.contains("localhost"))
                  || name.equals("DATABASE_PASSWORD")) {
                required.add(name);
              }
            });
    return required;
  }
}
