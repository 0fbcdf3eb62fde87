package io.inferedge.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * What happened to one frame: latency, correctness and device energy joined by telemetry-service,
 * published to {@link Topics#OUTCOME_RECORDED}. The input of online learning.
 *
 * @param inferenceEventId the {@link InferenceCompleted} this outcome completes
 * @param latencyMicros end-to-end wall time of the frame
 * @param correct whether the prediction matched the ground truth, or null when it is unknown
 * @param deviceEnergyMillijoules device compute energy plus radio energy for the bytes sent
 * @param energySource whether the energy was integrated from sensor readings or from the power
 *     model
 */
public record OutcomeRecorded(
    UUID eventId,
    Instant occurredAt,
    int schemaVersion,
    UUID inferenceEventId,
    String streamId,
    long frameSeq,
    Plan plan,
    long latencyMicros,
    Boolean correct,
    double deviceEnergyMillijoules,
    MeasurementSource energySource)
    implements Event {

  public static final int SCHEMA_VERSION = 1;

  public OutcomeRecorded {
    Checks.notNull("eventId", eventId);
    Checks.notNull("occurredAt", occurredAt);
    Checks.schemaVersion(SCHEMA_VERSION, schemaVersion);
    Checks.notNull("inferenceEventId", inferenceEventId);
    Checks.id("streamId", streamId);
    Checks.nonNegative("frameSeq", frameSeq);
    Checks.notNull("plan", plan);
    Checks.nonNegative("latencyMicros", latencyMicros);
    Checks.finiteNonNegative("deviceEnergyMillijoules", deviceEnergyMillijoules);
    Checks.notNull("energySource", energySource);
  }
}
