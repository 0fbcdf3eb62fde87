package io.inferedge.telemetry.outcome;

import io.inferedge.contracts.Plan;
import java.time.Instant;
import java.util.UUID;

/** What an outcome needs of a stored inference. */
record FrameFacts(
    UUID eventId,
    Instant occurredAt,
    String streamId,
    long frameSeq,
    String deviceId,
    Plan plan,
    String configId,
    String linkProfile,
    Double radioTransmitMilliwatts,
    long totalLatencyMicros,
    Boolean correct,
    long transferMicros,
    Instant computeStartedAt,
    Instant computeEndedAt) {}
