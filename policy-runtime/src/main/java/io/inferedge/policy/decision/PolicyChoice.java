package io.inferedge.policy.decision;

import io.inferedge.contracts.Plan;
import java.util.Map;
import java.util.Objects;

/**
 * What a decision policy chose ({@code DecisionPolicy} in policy-service, or {@link
 * ServingPolicy}).
 *
 * @param plan the plan to execute
 * @param policyVersion which policy chose it: {@code default} for the configured plan, the
 *     published version number for a trained policy
 * @param probabilities per action head, each choice's probability under the policy (masked choices
 *     0); null for the default plan
 */
public record PolicyChoice(
    Plan plan, String policyVersion, Map<String, Map<String, Double>> probabilities) {

  public PolicyChoice {
    Objects.requireNonNull(plan, "plan must not be null");
    if (policyVersion == null || policyVersion.isBlank()) {
      throw new IllegalArgumentException("policyVersion must not be blank");
    }
  }

  public PolicyChoice(Plan plan, String policyVersion) {
    this(plan, policyVersion, null);
  }
}
