package io.inferedge.gateway.stream;

import io.inferedge.policy.decision.StreamState;
import java.time.Instant;
import java.util.UUID;

/**
 * One decision in a stream's log ({@code GET /api/v1/streams/{id}/decisions}): the plan, who
 * decided it, and the live state the gateway had estimated at that moment. Immutable.
 *
 * @param frameSeq the frame the decision was made for (the frames it skips follow it)
 * @param policySource {@code in-process}, {@code policy-service} or {@code default}
 * @param decisionId the decision's id (policy-service's, or drawn by the gateway)
 * @param state the estimated state (for {@code in-process}, the policy's input)
 */
public record DecisionEntry(
    Instant decidedAt,
    long frameSeq,
    String configId,
    String policySource,
    String policyVersion,
    UUID decisionId,
    StreamState state) {}
