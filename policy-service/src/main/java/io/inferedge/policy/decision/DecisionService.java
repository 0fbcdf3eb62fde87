package io.inferedge.policy.decision;

import io.inferedge.contracts.StreamRequirements;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Asks the active {@link DecisionPolicy} for a plan and logs the decision before returning it, so
 * that every plan handed out can be traced. Thread-safe.
 */
@Service
final class DecisionService {

  private final DecisionPolicy policy;
  private final DecisionLog log;
  private final Clock clock;
  private final MeterRegistry meters;

  DecisionService(DecisionPolicy policy, DecisionLog log, Clock clock, MeterRegistry meters) {
    this.policy = policy;
    this.log = log;
    this.clock = clock;
    this.meters = meters;
  }

  Decision decide(String streamId, StreamRequirements requirements, StreamState state) {
    PolicyChoice choice = policy.decide(new DecisionContext(streamId, requirements, state));
    // PostgreSQL keeps microseconds: truncate so that the response and the log agree.
    var decision =
        new Decision(
            UUID.randomUUID(),
            streamId,
            choice,
            requirements,
            clock.instant().truncatedTo(ChronoUnit.MICROS));
    log.append(decision, state);
    meters.counter("policy.decisions", "policyVersion", choice.policyVersion()).increment();
    return decision;
  }
}
