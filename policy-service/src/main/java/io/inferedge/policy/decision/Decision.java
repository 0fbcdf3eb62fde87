package io.inferedge.policy.decision;

import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import java.time.Instant;
import java.util.UUID;

/**
 * One decision as logged and as the API returns it.
 *
 * @param decisionId unique id of this decision
 * @param streamId the stream it was made for
 * @param plan the plan decided
 * @param configId the plan's config id, e.g. {@code nano/c3/r64/s1}
 * @param policyVersion the policy that decided
 * @param requirements what the stream asked for
 * @param decidedAt when it was decided (microsecond precision, as stored)
 */
record Decision(
    UUID decisionId,
    String streamId,
    Plan plan,
    String configId,
    String policyVersion,
    StreamRequirements requirements,
    Instant decidedAt) {

  Decision(
      UUID decisionId,
      String streamId,
      PolicyChoice choice,
      StreamRequirements requirements,
      Instant decidedAt) {
    this(
        decisionId,
        streamId,
        choice.plan(),
        choice.plan().configId(),
        choice.policyVersion(),
        requirements,
        decidedAt);
  }
}
