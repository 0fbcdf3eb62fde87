package io.inferedge.policy.decision;

import java.util.Objects;

/**
 * Decides with the active trained policy when there is one and the caller gave the stream's state;
 * otherwise with the configured default plan (the behaviour callers without state always had).
 * Thread-safe.
 */
final class TrainedOrDefaultPolicy implements DecisionPolicy {

  private final ActivePolicy active;
  private final DefaultPlanPolicy fallback;

  TrainedOrDefaultPolicy(ActivePolicy active, DefaultPlanPolicy fallback) {
    this.active = active;
    this.fallback = fallback;
  }

  @Override
  public PolicyChoice decide(DecisionContext context) {
    Objects.requireNonNull(context, "context must not be null");
    if (context.state() == null) {
      return fallback.decide(context);
    }
    return active
        .get()
        .map(p -> p.decide(context.state(), context.requirements()))
        .orElseGet(() -> fallback.decide(context));
  }
}
