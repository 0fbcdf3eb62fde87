package io.inferedge.gateway.frame;

import io.inferedge.contracts.Plan;
import java.util.UUID;

/**
 * The gateway's answer for one processed frame: the label, the plan that produced it, who decided
 * that plan, and where the time went.
 *
 * @param policyVersion the deciding policy, or {@code fallback-default} when the default plan ran
 * @param policySource who decided the plan: {@code in-process} (the gateway, with the published
 *     actor), {@code policy-service} (its decision API, while the gateway has no actor) or {@code
 *     default} (the configured default plan)
 * @param decisionId the decision's id (policy-service's, or the gateway's for in-process and
 *     default-plan decisions): its row in policy-service's decision log
 * @param inferenceEventId the device tier's event id (the key of its {@code inference.completed}
 *     record); null for a reused answer
 * @param reused true when the plan's frame skip skipped this frame: it was not sent to the device
 *     tier and is answered with the stream's last result (label, plan, decision), with zero
 *     inference latency
 * @param fallback null when the decided plan ran as decided; {@code server-tier-failed} when the
 *     device tier reported that the server tier failed the split plan and the frame was re-sent
 *     with the device-only version of the plan (the one in {@code plan}); {@code
 *     server-tier-unhealthy} when the server tier's breaker was open and the split plan was made
 *     device-only before it was sent
 */
record FrameResult(
    String streamId,
    long frameSeq,
    int label,
    String labelName,
    double confidence,
    Plan plan,
    String configId,
    String policyVersion,
    String policySource,
    UUID decisionId,
    UUID inferenceEventId,
    boolean reused,
    String fallback,
    FrameLatency latency) {

  /**
   * Where the time of one frame went, in microseconds, all measured (wall time).
   *
   * @param decisionMicros deciding (in-process, or asking policy-service, or giving up on it); 0
   *     for a reused answer
   * @param inferenceMicros the device tier's own total for the frame
   * @param gatewayTotalMicros from the gateway receiving the frame to its answer being ready
   */
  record FrameLatency(
      long decisionMicros,
      long inferenceMicros,
      long gatewayTotalMicros,
      long preprocessMicros,
      long deviceComputeMicros,
      long transferMicros,
      long serverComputeMicros) {}
}
