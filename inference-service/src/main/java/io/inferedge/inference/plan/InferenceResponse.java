package io.inferedge.inference.plan;

import io.inferedge.contracts.Plan;
import java.util.List;
import java.util.UUID;

/**
 * The result of one frame, as returned to the caller. {@code eventId} is the id of the {@code
 * inference.completed} record published for the same frame.
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
    Latency latency) {

  /** The executed plan with its stable text form. */
  record PlanView(
      String configId, String modelVersion, int cutPoint, int inputResolution, int frameSkip) {

    static PlanView of(Plan plan) {
      return new PlanView(
          plan.configId(),
          plan.modelVersion(),
          plan.cutPoint(),
          plan.inputResolution(),
          plan.frameSkip());
    }
  }

  /** Wall time of each stage on the tiers, in microseconds. */
  record Latency(
      long preprocessMicros,
      long deviceComputeMicros,
      long transferMicros,
      long serverComputeMicros,
      long totalMicros) {}
}
