package io.inferedge.policy.outcome;

import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.OutcomeRecorded;
import io.inferedge.contracts.Plan;
import java.time.Instant;
import java.util.UUID;

/** Valid {@link OutcomeRecorded} events for tests. */
final class OutcomeSamples {

  static final Instant T0 = Instant.parse("2026-11-26T08:00:00.123456Z");

  private OutcomeSamples() {}

  /** Frame {@code frameSeq} of {@code streamId}, occurring {@code frameSeq} * 40 ms after T0. */
  static OutcomeRecorded outcome(String streamId, long frameSeq, Boolean correct) {
    return new OutcomeRecorded(
        UUID.randomUUID(),
        T0.plusMillis(40 * frameSeq),
        OutcomeRecorded.SCHEMA_VERSION,
        UUID.randomUUID(),
        streamId,
        frameSeq,
        new Plan("small", 2, 48, 1),
        26_300,
        correct,
        81.25,
        MeasurementSource.EMULATED);
  }
}
