package io.inferedge.telemetry;

import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.Plan;
import io.inferedge.contracts.PowerSampled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Valid events for tests, with the fields that energy attribution reads in front. */
public final class Events {

  public static final List<Double> SCORES =
      List.of(0.01, 0.02, 0.03, 0.875, 0.015, 0.01, 0.02, 0.005, 0.01, 0.005);

  private Events() {}

  /**
   * A frame of {@code streamId} on {@code deviceId} computing over [start, end], predicting 3, with
   * the given ground truth, transfer and radio power.
   */
  public static InferenceCompleted frame(
      String streamId,
      long frameSeq,
      String deviceId,
      Plan plan,
      Instant start,
      Instant end,
      Integer groundTruth,
      long transferMicros,
      Double radioMilliwatts) {
    long compute = java.time.Duration.between(start, end).toNanos() / 1_000;
    return new InferenceCompleted(
        UUID.randomUUID(),
        end.plusMillis(1),
        InferenceCompleted.SCHEMA_VERSION,
        streamId,
        frameSeq,
        deviceId,
        plan,
        3,
        0.875,
        SCORES,
        groundTruth,
        100,
        compute,
        transferMicros,
        0,
        compute + 100 + transferMicros + 1_000,
        transferMicros > 0 ? 18_432 : 0,
        start,
        end,
        "wifi-20",
        radioMilliwatts);
  }

  /** A frame computing over [start, end] on the device tier alone (nothing sent). */
  public static InferenceCompleted frame(
      String streamId, String deviceId, Instant start, Instant end) {
    return frame(streamId, 0, deviceId, new Plan("nano", 3, 64, 1), start, end, 3, 0, 5_796.0);
  }

  /** A batch of samples: pairs of (milliseconds after {@code t0}, milliwatts). */
  public static PowerSampled power(
      String deviceId, MeasurementSource source, Instant t0, double... msAndMilliwatts) {
    List<PowerSampled.Sample> samples = new ArrayList<>();
    for (int i = 0; i < msAndMilliwatts.length; i += 2) {
      samples.add(
          new PowerSampled.Sample(
              t0.plusNanos(Math.round(msAndMilliwatts[i] * 1_000_000)), msAndMilliwatts[i + 1]));
    }
    return new PowerSampled(
        UUID.randomUUID(),
        samples.get(samples.size() - 1).sampledAt(),
        PowerSampled.SCHEMA_VERSION,
        deviceId,
        source,
        source == MeasurementSource.MEASURED ? "ina3221-hwmon" : "power-model",
        samples);
  }
}
