package io.inferedge.inference.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP when every model of the zoo is loaded and open, DOWN when there is none or the registry is
 * shutting down. Part of the readiness group: an instance without its models cannot execute plans.
 * Details list each model's loaded signatures and the predictor pool of its whole network.
 * Thread-safe.
 */
final class ModelsHealthIndicator implements HealthIndicator {

  private final ModelRegistry registry;

  ModelsHealthIndicator(ModelRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Health health() {
    Map<String, Object> models = new LinkedHashMap<>();
    for (LoadedModel model : registry.models()) {
      models.put(
          model.manifest().name(),
          Map.of(
              "loaded", model.isOpen(),
              "signatures", model.signatures(),
              "predictors", model.predictors(),
              "availablePredictors", model.availablePredictors()));
    }
    Health.Builder health = registry.allLoaded() ? Health.up() : Health.down();
    if (models.isEmpty()) {
      health.withDetail("reason", "no models under " + registry.directory());
    }
    return health.withDetail("models", models).build();
  }
}
