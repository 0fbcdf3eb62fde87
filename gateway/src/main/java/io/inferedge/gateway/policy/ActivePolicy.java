package io.inferedge.gateway.policy;

import io.inferedge.contracts.PolicyPublished;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The policy most recently activated by policy-service, as far as this gateway has heard (from
 * {@code policy.published}), with its actor, so that the gateway can decide in-process.
 *
 * <p>"Most recently activated" is the record with the latest {@code occurredAt} (ties: the higher
 * version), not the last one delivered: records from different partitions can arrive in any order,
 * notably when the topic is replayed at start-up, and a re-activated older version is still
 * published with a new time. A duplicate delivery of the current record changes nothing.
 *
 * <p>Thread-safe and lock-free: the current policy is one immutable snapshot swapped atomically, so
 * readers on request threads never see a half-updated policy.
 */
public final class ActivePolicy {

  private static final Comparator<PolicyPublished> RECENCY =
      Comparator.comparing(PolicyPublished::occurredAt)
          .thenComparingLong(PolicyPublished::policyVersion);

  private final Clock clock;
  private final AtomicReference<Snapshot> current = new AtomicReference<>();

  public ActivePolicy(Clock clock) {
    this.clock = clock;
  }

  /**
   * Adopts {@code published} if it was activated after the current policy.
   *
   * @return whether it became the active policy
   */
  public boolean offer(PolicyPublished published) {
    var candidate = new Snapshot(published, clock.instant());
    Snapshot before =
        current.getAndUpdate(
            now -> now == null || RECENCY.compare(published, now.policy()) > 0 ? candidate : now);
    return before == null || RECENCY.compare(published, before.policy()) > 0;
  }

  /** The active policy, empty until the first {@code policy.published} record arrived. */
  public Optional<Snapshot> current() {
    return Optional.ofNullable(current.get());
  }

  /**
   * @param policy the published record, actor included
   * @param receivedAt when this gateway adopted it
   */
  public record Snapshot(PolicyPublished policy, Instant receivedAt) {}
}
