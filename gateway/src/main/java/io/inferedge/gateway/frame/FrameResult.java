package io.inferedge.gateway.frame;

import io.inferedge.contracts.Plan;
import java.util.UUID;

/**
 * The gateway's answer for one processed frame: the label, the plan that produced it, who decided
 * that plan, and where the time went.
 *
 * @param policyVersion the deciding policy, or {@code fallback-default} when the default plan ran
 * @param decisionId policy-service's decision, null with the default plan
 * @param inferenceEventId the device tier's event id (the key of its {@code inference.completed}
 *     record)
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
    UUID decisionId,
    UUID inferenceEventId,
    FrameLatency latency) {

  /**
   * Where the time of one frame went, in microseconds, all measured (wall time).
   *
   * @param decisionMicros asking policy-service (or giving up on it)
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
