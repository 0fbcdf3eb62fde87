package io.inferedge.telemetry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * telemetry-service settings, under {@code infer-edge.telemetry}. Checked when bound, so a bad
 * value fails start-up with a message naming it.
 *
 * @param maxPageSize largest {@code size} a query may ask for; larger is a 400
 * @param defaultPageSize {@code size} of a query that does not give one
 */
@ConfigurationProperties("infer-edge.telemetry")
public record TelemetryProperties(
    @DefaultValue("500") int maxPageSize, @DefaultValue("50") int defaultPageSize) {

  public TelemetryProperties {
    if (maxPageSize < 1) {
      throw new IllegalArgumentException("maxPageSize must be >= 1, was " + maxPageSize);
    }
    if (defaultPageSize < 1 || defaultPageSize > maxPageSize) {
      throw new IllegalArgumentException(
          "defaultPageSize must be in [1, maxPageSize="
              + maxPageSize
              + "], was "
              + defaultPageSize);
    }
  }
}
