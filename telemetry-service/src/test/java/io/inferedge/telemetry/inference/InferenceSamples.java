package io.inferedge.telemetry.inference;

import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.contracts.Plan;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Valid {@link InferenceCompleted} events for tests. */
final class InferenceSamples {

  static final Instant T0 = Instant.parse("2026-11-26T08:00:00.123456Z");

  private InferenceSamples() {}

  /** Frame {@code frameSeq} of {@code streamId}, occurring {@code frameSeq} * 40 ms after T0. */
  static InferenceCompleted inference(String streamId, long frameSeq) {
    return inference(UUID.randomUUID(), streamId, frameSeq, 3);
  }

  static InferenceCompleted inference(
      UUID eventId, String streamId, long frameSeq, Integer groundTruthLabel) {
    Instant occurredAt = T0.plusMillis(40 * frameSeq);
    return new InferenceCompleted(
        eventId,
        occurredAt,
        InferenceCompleted.SCHEMA_VERSION,
        streamId,
        frameSeq,
        "device-1",
        new Plan("small", 2, 48, 1),
        3,
        0.875,
        List.of(0.01, 0.02, 0.03, 0.875, 0.015, 0.01, 0.02, 0.005, 0.01, 0.005),
        groundTruthLabel,
        850,
        12_400,
        3_100,
        9_800,
        26_300,
        18_432,
        occurredAt.minusMillis(25),
        occurredAt.minusMillis(13));
  }

  /**
   * Frame {@code frameSeq} of {@code streamId} from a current producer: an int8 split plan with the
   * link, device-profile and server-queue fields set.
   */
  static InferenceCompleted splitInference(String streamId, long frameSeq) {
    InferenceCompleted e = inference(UUID.randomUUID(), streamId, frameSeq, 3);
    return new InferenceCompleted(
        e.eventId(),
        e.occurredAt(),
        e.schemaVersion(),
        e.streamId(),
        e.frameSeq(),
        e.deviceId(),
        new Plan("small", 2, 48, 1, Plan.Precision.INT8),
        e.predictedLabel(),
        e.confidence(),
        e.scores(),
        e.groundTruthLabel(),
        e.preprocessMicros(),
        e.deviceComputeMicros(),
        e.transferMicros(),
        e.serverComputeMicros(),
        e.totalLatencyMicros(),
        4_608,
        e.deviceComputeStartedAt(),
        e.deviceComputeEndedAt(),
        "wifi-20",
        800.0,
        "jetson-nano",
        1_250L);
  }
}
