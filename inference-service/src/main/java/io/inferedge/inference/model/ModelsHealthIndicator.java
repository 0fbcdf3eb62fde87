package io.inferedge.inference.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP when every model of the zoo is loaded and open; DOWN when there is none, when any model failed
 * to load (its files are missing or corrupt) or when the registry is shutting down. Part of the
 * readiness group: an instance without its models cannot execute plans. Details list each model's
 * loaded signatures and the predictor pool of its whole network, and under {@code failures} each
 * model that failed to load with the file at fault and the reason. Thread-safe.
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
    Map<String, ModelLoadFailure> failed = registry.failures();
    Health.Builder health = registry.allLoaded() ? Health.up() : Health.down();
    if (!failed.isEmpty()) {
      health.withDetail(
          "reason",
          "model(s) "
              + failed.keySet()
              + " failed to load from "
              + failed.values().stream().map(f -> f.file().toString()).toList());
      Map<String, Object> failures = new LinkedHashMap<>();
      failed.forEach(
          (name, failure) -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("file", failure.file().toString());
            detail.put("reason", failure.reason());
            failures.put(name, detail);
          });
      health.withDetail("failures", failures);
    } else if (models.isEmpty()) {
      health.withDetail("reason", "no models under " + registry.directory());
    }
    return health.withDetail("models", models).build();
  }
}
