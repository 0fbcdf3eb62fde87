package io.inferedge.policy.decision;

import io.inferedge.contracts.Plan;
import java.util.Objects;

/**
 * What a {@link DecisionPolicy} chose.
 *
 * @param plan the plan to execute
 * @param policyVersion which policy chose it: {@code default} for the configured plan, the
 *     published version number for a trained policy
 */
public record PolicyChoice(Plan plan, String policyVersion) {

  public PolicyChoice {
    Objects.requireNonNull(plan, "plan must not be null");
    if (policyVersion == null || policyVersion.isBlank()) {
      throw new IllegalArgumentException("policyVersion must not be blank");
    }
  }
}
