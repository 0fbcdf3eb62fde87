package io.inferedge.gateway.frame;

import io.inferedge.contracts.Plan;
import java.util.UUID;

/**
 * The plan chosen for one frame and where it came from.
 *
 * @param decisionId policy-service's id of the decision, null when the default plan was used
 * @param plan the plan to execute
 * @param policyVersion the policy that decided, or {@link #FALLBACK_VERSION}
 */
record Decision(UUID decisionId, Plan plan, String policyVersion) {

  /** The policy version reported when policy-service could not decide and the default plan ran. */
  static final String FALLBACK_VERSION = "fallback-default";

  Decision {
    if (plan == null) {
      throw new IllegalArgumentException("plan must not be null");
    }
    if (policyVersion == null || policyVersion.isBlank()) {
      throw new IllegalArgumentException("policyVersion must not be blank");
    }
  }

  static Decision fallback(Plan plan) {
    return new Decision(null, plan, FALLBACK_VERSION);
  }

  boolean isFallback() {
    return FALLBACK_VERSION.equals(policyVersion);
  }
}
