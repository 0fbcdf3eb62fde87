package io.inferedge.inference.power;

import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.PowerSampled;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Groups samples into {@link PowerSampled} records: a record is handed on when it holds {@code
 * batchSize} samples, or when its oldest sample has waited {@code maxDelay}. Samples must come in
 * time order; one that is not after the previous one (a clock stepped back) is dropped and counted,
 * since a record's samples must be in order and telemetry keys samples by device and time.
 *
 * <p>Thread-safe: the sampling thread adds while a scheduler checks the delay.
 */
final class PowerBatcher {

  private final String deviceId;
  private final MeasurementSource source;
  private final String sensor;
  private final int batchSize;
  private final Duration maxDelay;
  private final Consumer<PowerSampled> publish;
  private final List<PowerSampled.Sample> pending = new ArrayList<>();
  private Instant pendingSince;
  private Instant lastSampledAt;
  private long outOfOrder;

  PowerBatcher(
      String deviceId,
      MeasurementSource source,
      String sensor,
      int batchSize,
      Duration maxDelay,
      Consumer<PowerSampled> publish) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
    }
    this.deviceId = deviceId;
    this.source = source;
    this.sensor = sensor;
    this.batchSize = batchSize;
    this.maxDelay = maxDelay;
    this.publish = publish;
  }

  /** Adds samples read at {@code now}, handing on every full batch. */
  synchronized void add(List<PowerSampled.Sample> samples, Instant now) {
    for (PowerSampled.Sample sample : samples) {
      if (lastSampledAt != null && !sample.sampledAt().isAfter(lastSampledAt)) {
        outOfOrder++;
        continue;
      }
      if (pending.isEmpty()) {
        pendingSince = now;
      }
      pending.add(sample);
      lastSampledAt = sample.sampledAt();
      if (pending.size() >= batchSize) {
        flush(now);
      }
    }
  }

  /** Hands on the pending samples if the oldest has waited {@code maxDelay} by {@code now}. */
  synchronized void flushIfDue(Instant now) {
    if (!pending.isEmpty() && !now.isBefore(pendingSince.plus(maxDelay))) {
      flush(now);
    }
  }

  /** Hands on the pending samples, if any, as one record stamped {@code now}. */
  synchronized void flush(Instant now) {
    if (pending.isEmpty()) {
      return;
    }
    var record =
        new PowerSampled(
            UUID.randomUUID(),
            now,
            PowerSampled.SCHEMA_VERSION,
            deviceId,
            source,
            sensor,
            List.copyOf(pending));
    pending.clear();
    publish.accept(record);
  }

  /** Samples dropped because they were not after the previous one. */
  synchronized long outOfOrder() {
    return outOfOrder;
  }
}
