package io.inferedge.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A batch of device power samples, published to {@link Topics#POWER_SAMPLED}.
 *
 * @param deviceId the device-tier instance that was sampled
 * @param source whether the samples were read from a sensor or computed by the device's power model
 * @param sensor what produced them, e.g. {@code ina3221-hwmon}, {@code tegrastats}, {@code rapl},
 *     {@code power-model}
 * @param samples the samples in time order, at least one
 */
public record PowerSampled(
    UUID eventId,
    Instant occurredAt,
    int schemaVersion,
    String deviceId,
    MeasurementSource source,
    String sensor,
    List<Sample> samples)
    implements Event {

  public static final int SCHEMA_VERSION = 1;

  public PowerSampled {
    Checks.notNull("eventId", eventId);
    Checks.notNull("occurredAt", occurredAt);
    Checks.schemaVersion(SCHEMA_VERSION, schemaVersion);
    Checks.id("deviceId", deviceId);
    Checks.notNull("source", source);
    Checks.id("sensor", sensor);
    samples = List.copyOf(Checks.notNull("samples", samples));
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("samples must not be empty");
    }
    for (int i = 1; i < samples.size(); i++) {
      if (samples.get(i).sampledAt().isBefore(samples.get(i - 1).sampledAt())) {
        throw new IllegalArgumentException(
            "samples must be in time order, sample " + i + " is before sample " + (i - 1));
      }
    }
  }

  /**
   * Total device power at one instant.
   *
   * @param sampledAt when the sensor was read
   * @param powerMilliwatts total device power
   */
  public record Sample(Instant sampledAt, double powerMilliwatts) {
    public Sample {
      Checks.notNull("sampledAt", sampledAt);
      Checks.finiteNonNegative("powerMilliwatts", powerMilliwatts);
    }
  }
}
