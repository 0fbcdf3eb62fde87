package io.inferedge.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One frame executed by a device tier, published to {@link Topics#INFERENCE_COMPLETED}.
 *
 * <p>Latencies are wall time measured on the tiers. The device compute interval is what telemetry
 * integrates power over to attribute device energy to this frame.
 *
 * @param streamId the camera stream the frame belongs to
 * @param frameSeq the frame's sequence number within its stream, as sent by the client
 * @param deviceId the device-tier instance that executed the frame
 * @param plan the plan that was executed
 * @param predictedLabel the class index the model chose
 * @param confidence the softmax probability of {@code predictedLabel}
 * @param scores the softmax probabilities of every class
 * @param groundTruthLabel the true class when the client knows it (for measured accuracy), or null
 * @param preprocessMicros decoding and resizing the frame
 * @param deviceComputeMicros model blocks run on the device tier
 * @param transferMicros moving the tensor to the server tier and the result back (0 when none)
 * @param serverComputeMicros model blocks run on the server tier (0 when none)
 * @param totalLatencyMicros end to end on the device tier, from receipt to result
 * @param bytesSent bytes the device tier sent to the server tier for this frame
 * @param deviceComputeStartedAt start of the device compute interval
 * @param deviceComputeEndedAt end of the device compute interval
 * @param linkProfile the link profile between this device tier and the server tier, e.g. {@code
 *     wifi-20}; null from producers that predate the field
 * @param radioTransmitMilliwatts the transmit power of the device's radio on that link, which
 *     telemetry multiplies by {@code transferMicros} for the frame's radio energy; null when
 *     unknown (producers that predate the field)
 * @param deviceProfile the device profile the device tier ran under, e.g. {@code jetson-nano}: its
 *     compute slowdown is part of {@code deviceComputeMicros}; null from producers that predate the
 *     field
 * @param serverQueueMicros how long the frame's tensor waited on the server tier for a predictor or
 *     a batch before its tail ran (part of the server's share, not of {@code transferMicros}); 0
 *     when nothing was sent, null from producers that predate the field
 */
public record InferenceCompleted(
    UUID eventId,
    Instant occurredAt,
    int schemaVersion,
    String streamId,
    long frameSeq,
    String deviceId,
    Plan plan,
    int predictedLabel,
    double confidence,
    List<Double> scores,
    Integer groundTruthLabel,
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
    Long serverQueueMicros)
    implements Event {

  public static final int SCHEMA_VERSION = 1;

  public InferenceCompleted {
    Checks.notNull("eventId", eventId);
    Checks.notNull("occurredAt", occurredAt);
    Checks.schemaVersion(SCHEMA_VERSION, schemaVersion);
    Checks.id("streamId", streamId);
    Checks.nonNegative("frameSeq", frameSeq);
    Checks.id("deviceId", deviceId);
    Checks.notNull("plan", plan);
    Checks.nonNegative("predictedLabel", predictedLabel);
    Checks.unitInterval("confidence", confidence);
    scores = List.copyOf(Checks.notNull("scores", scores));
    if (groundTruthLabel != null) {
      Checks.nonNegative("groundTruthLabel", groundTruthLabel);
    }
    Checks.nonNegative("preprocessMicros", preprocessMicros);
    Checks.nonNegative("deviceComputeMicros", deviceComputeMicros);
    Checks.nonNegative("transferMicros", transferMicros);
    Checks.nonNegative("serverComputeMicros", serverComputeMicros);
    Checks.nonNegative("totalLatencyMicros", totalLatencyMicros);
    Checks.nonNegative("bytesSent", bytesSent);
    Checks.notNull("deviceComputeStartedAt", deviceComputeStartedAt);
    Checks.notNull("deviceComputeEndedAt", deviceComputeEndedAt);
    if (deviceComputeEndedAt.isBefore(deviceComputeStartedAt)) {
      throw new IllegalArgumentException(
          "deviceComputeEndedAt must not be before deviceComputeStartedAt, was "
              + deviceComputeEndedAt
              + " < "
              + deviceComputeStartedAt);
    }
    if (linkProfile != null) {
      Checks.id("linkProfile", linkProfile);
    }
    if (radioTransmitMilliwatts != null) {
      Checks.finiteNonNegative("radioTransmitMilliwatts", radioTransmitMilliwatts);
    }
    if (deviceProfile != null) {
      Checks.id("deviceProfile", deviceProfile);
    }
    if (serverQueueMicros != null) {
      Checks.nonNegative("serverQueueMicros", serverQueueMicros);
    }
  }

  /**
   * A record without the tier fields ({@code deviceProfile}, {@code serverQueueMicros}), as
   * producers wrote it before split execution; both are null.
   */
  public InferenceCompleted(
      UUID eventId,
      Instant occurredAt,
      int schemaVersion,
      String streamId,
      long frameSeq,
      String deviceId,
      Plan plan,
      int predictedLabel,
      double confidence,
      List<Double> scores,
      Integer groundTruthLabel,
      long preprocessMicros,
      long deviceComputeMicros,
      long transferMicros,
      long serverComputeMicros,
      long totalLatencyMicros,
      long bytesSent,
      Instant deviceComputeStartedAt,
      Instant deviceComputeEndedAt,
      String linkProfile,
      Double radioTransmitMilliwatts) {
    this(
        eventId,
        occurredAt,
        schemaVersion,
        streamId,
        frameSeq,
        deviceId,
        plan,
        predictedLabel,
        confidence,
        scores,
        groundTruthLabel,
        preprocessMicros,
        deviceComputeMicros,
        transferMicros,
        serverComputeMicros,
        totalLatencyMicros,
        bytesSent,
        deviceComputeStartedAt,
        deviceComputeEndedAt,
        linkProfile,
        radioTransmitMilliwatts,
        null,
        null);
  }

  /**
   * A record without the link fields, as producers wrote it before they were added; both are null.
   */
  public InferenceCompleted(
      UUID eventId,
      Instant occurredAt,
      int schemaVersion,
      String streamId,
      long frameSeq,
      String deviceId,
      Plan plan,
      int predictedLabel,
      double confidence,
      List<Double> scores,
      Integer groundTruthLabel,
      long preprocessMicros,
      long deviceComputeMicros,
      long transferMicros,
      long serverComputeMicros,
      long totalLatencyMicros,
      long bytesSent,
      Instant deviceComputeStartedAt,
      Instant deviceComputeEndedAt) {
    this(
        eventId,
        occurredAt,
        schemaVersion,
        streamId,
        frameSeq,
        deviceId,
        plan,
        predictedLabel,
        confidence,
        scores,
        groundTruthLabel,
        preprocessMicros,
        deviceComputeMicros,
        transferMicros,
        serverComputeMicros,
        totalLatencyMicros,
        bytesSent,
        deviceComputeStartedAt,
        deviceComputeEndedAt,
        null,
        null);
  }

  /** Whether the prediction was right, or null when the ground truth is unknown. */
  public Boolean correct() {
    return groundTruthLabel == null ? null : groundTruthLabel == predictedLabel;
  }
}
