package io.inferedge.inference.plan;

import io.inferedge.contracts.Plan;
import java.util.List;
import java.util.UUID;

/**
 * The result of one frame, as returned to the caller. {@code eventId} is the id of the {@code
 * inference.completed} record published for the same frame.
 *
 * @param groundTruth the true class when the client sent it, else null
 * @param correct whether {@code label} equals {@code groundTruth}; null without ground truth
 * @param bytesSent bytes the device tier sent to the server tier (0 for a device-only plan)
 * @param deviceProfile the device profile this tier runs under (its slowdown is emulated)
 * @param linkProfile the link profile to the server tier
 * @param serverBatchSize how many tensors the server tier ran in the call that ran this frame's,
 *     null when nothing was sent
 */
record InferenceResponse(
    UUID eventId,
    String streamId,
    long frameSeq,
    String deviceId,
    PlanView plan,
    int label,
    String labelName,
    double confidence,
    List<Double> scores,
    Integer groundTruth,
    Boolean correct,
    Latency latency,
    long bytesSent,
    String deviceProfile,
    String linkProfile,
    Integer serverBatchSize) {

  /** The executed plan with its stable text form ({@code /q8} for int8 tensors). */
  record PlanView(
      String configId,
      String modelVersion,
      int cutPoint,
      int inputResolution,
      int frameSkip,
      Plan.Precision precision) {

    static PlanView of(Plan plan) {
      return new PlanView(
          plan.configId(),
          plan.modelVersion(),
          plan.cutPoint(),
          plan.inputResolution(),
          plan.frameSkip(),
          plan.precision());
    }
  }

  /**
   * Wall time of each stage on the tiers, in microseconds. The device compute and the transfer
   * include the emulated (slept) device slowdown and link time, given again in {@code
   * emulatedDeviceMicros} and {@code emulatedLinkMicros}: the measured part of a component is the
   * component minus its emulated part.
   */
  record Latency(
      long preprocessMicros,
      long deviceComputeMicros,
      long transferMicros,
      long serverQueueMicros,
      long serverComputeMicros,
      long totalMicros,
      long emulatedDeviceMicros,
      long emulatedLinkMicros) {}
}
