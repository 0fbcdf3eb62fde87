package io.inferedge.telemetry.inference;

import io.inferedge.contracts.Plan;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One stored {@code InferenceCompleted}, as the query API returns it: the event's fields, its
 * plan's {@code configId}, whether the prediction was {@code correct} (null when the ground truth
 * is unknown), the link it was sent over and its radio's transmit power, the device profile it ran
 * under and how long it waited on the server tier (these four null from older producers) and when
 * this service stored it. The latency breakdown is {@code preprocessMicros}, {@code
 * deviceComputeMicros}, {@code transferMicros}, {@code serverQueueMicros} and {@code
 * serverComputeMicros}. Immutable.
 */
record StoredInference(
    UUID eventId,
    Instant occurredAt,
    int schemaVersion,
    String streamId,
    long frameSeq,
    String deviceId,
    Plan plan,
    String configId,
    int predictedLabel,
    double confidence,
    List<Double> scores,
    Integer groundTruthLabel,
    Boolean correct,
    long preprocessMicros,
    long deviceComputeMicros,
    long transferMicros,
    long serverComputeMicros,
    long totalLatencyMicros,
    long bytesSent,
    Instant deviceComputeStartedAt,
    Instant deviceComputeEndedAt,
    String linkProfile,
    Double radioTransmitMilliwatts,
    String deviceProfile,
    Long serverQueueMicros,
    Instant receivedAt) {

  StoredInference {
    scores = List.copyOf(scores);
  }
}
