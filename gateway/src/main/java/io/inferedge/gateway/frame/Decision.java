package io.inferedge.gateway.frame;

import io.inferedge.contracts.Plan;
import java.util.UUID;

/**
 * The plan chosen for one frame and where it came from.
 *
 * @param decisionId the decision's id: policy-service's for its decisions, one drawn by the gateway
 *     for in-process and default-plan decisions
 * @param plan the plan to execute
 * @param policyVersion the policy that decided, or {@link #FALLBACK_VERSION}
 * @param source who decided: {@link #IN_PROCESS}, {@link #POLICY_SERVICE} or {@link #DEFAULT}
 */
record Decision(UUID decisionId, Plan plan, String policyVersion, String source) {

  /** The policy version reported when no policy could decide and the default plan ran. */
  static final String FALLBACK_VERSION = "fallback-default";

  /** Decided by the gateway with the published actor. */
  static final String IN_PROCESS = "in-process";

  /** Decided by policy-service's decision API. */
  static final String POLICY_SERVICE = "policy-service";

  /** The configured default plan. */
  static final String DEFAULT = "default";

  Decision {
    if (plan == null) {
      throw new IllegalArgumentException("plan must not be null");
    }
    if (policyVersion == null || policyVersion.isBlank()) {
      throw new IllegalArgumentException("policyVersion must not be blank");
    }
    if (source == null) {
      throw new IllegalArgumentException("source must not be null");
    }
  }

  static Decision fallback(Plan plan) {
    return new Decision(UUID.randomUUID(), plan, FALLBACK_VERSION, DEFAULT);
  }

  boolean isFallback() {
    return DEFAULT.equals(source);
  }
}
