package io.inferedge.policy.decision;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import java.time.Instant;
import java.util.Map;
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
 * @param probabilities per action head, each choice's probability under the deciding policy; null
 *     for the default plan and in the log (not stored)
 */
record Decision(
    UUID decisionId,
    String streamId,
    Plan plan,
    String configId,
    String policyVersion,
    StreamRequirements requirements,
    Instant decidedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Map<String, Double>> probabilities) {

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
        decidedAt,
        choice.probabilities());
  }
}
