package io.inferedge.telemetry.outcome;

import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.OutcomeRecorded;
import io.inferedge.contracts.Plan;
import io.inferedge.telemetry.energy.EnergyAttribution.Coverage;
import java.time.Instant;
import java.util.UUID;

/**
 * One frame's outcome as stored and as the API returns it: what was published as {@link
 * OutcomeRecorded}, with the energy split into compute and radio parts and how each was known.
 *
 * @param occurredAt the frame's time (its {@code InferenceCompleted.occurredAt})
 * @param recordedAt when the outcome was attributed (the published record's {@code occurredAt})
 * @param computeSource whether the compute energy was integrated from measured samples only
 * @param energySource whether the whole device energy is measured (radio energy is a model, so a
 *     frame that sent bytes is emulated)
 * @param coverage how the power samples covered the frame's compute interval
 * @param publishedAt when the outcome reached Kafka, or null while it waits in the outbox
 */
record StoredOutcome(
    UUID inferenceEventId,
    UUID eventId,
    Instant occurredAt,
    Instant recordedAt,
    String streamId,
    long frameSeq,
    String deviceId,
    Plan plan,
    String configId,
    String linkProfile,
    long latencyMicros,
    Boolean correct,
    double computeEnergyMillijoules,
    MeasurementSource computeSource,
    double radioEnergyMillijoules,
    double deviceEnergyMillijoules,
    MeasurementSource energySource,
    Coverage coverage,
    Instant publishedAt) {

  OutcomeRecorded toEvent() {
    return new OutcomeRecorded(
        eventId,
        recordedAt,
        OutcomeRecorded.SCHEMA_VERSION,
        inferenceEventId,
        streamId,
        frameSeq,
        plan,
        latencyMicros,
        correct,
        deviceEnergyMillijoules,
        energySource);
  }
}
