package io.inferedge.policy.decision;

import io.inferedge.contracts.Plan;
import java.util.Objects;

/**
 * Decides the same configured plan for every stream, whatever it asks for: the policy in force
 * until a trained one is active, and the baseline it is compared with. Immutable, thread-safe.
 */
public final class DefaultPlanPolicy implements DecisionPolicy {

  /** The {@code policyVersion} of every decision this policy makes. */
  public static final String VERSION = "default";

  private final PolicyChoice choice;

  public DefaultPlanPolicy(Plan plan) {
    this.choice = new PolicyChoice(Objects.requireNonNull(plan, "plan must not be null"), VERSION);
  }

  @Override
  public PolicyChoice decide(DecisionContext context) {
    Objects.requireNonNull(context, "context must not be null");
    return choice;
  }
}
