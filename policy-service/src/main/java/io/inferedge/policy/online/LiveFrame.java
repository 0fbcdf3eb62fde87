package io.inferedge.policy.online;

import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import java.time.Instant;
import java.util.UUID;

/**
 * One live frame: a stored {@code OutcomeRecorded} joined with the decision that chose its plan
 * (the stream's latest decision for the same plan made at or before the outcome).
 *
 * @param decisionId the deciding decision
 * @param policyVersion the policy that decided ({@code default} for the configured plan)
 * @param requirements what the stream asked for in that decision
 * @param device the device class of the decision's state, or null when it had none
 * @param decidedAt when the decision was made
 * @param plan the plan the frame ran
 * @param latencyMicros the frame's end-to-end latency
 * @param correct whether its prediction was right, null when unknown
 * @param energyMj its device energy
 * @param occurredAt when the outcome happened
 */
public record LiveFrame(
    UUID decisionId,
    String policyVersion,
    StreamRequirements requirements,
    String device,
    Instant decidedAt,
    Plan plan,
    long latencyMicros,
    Boolean correct,
    double energyMj,
    Instant occurredAt) {

  public double latencyMs() {
    return latencyMicros / 1000.0;
  }
}
