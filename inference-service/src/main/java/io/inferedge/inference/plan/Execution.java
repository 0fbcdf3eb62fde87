package io.inferedge.inference.plan;

import io.inferedge.contracts.Plan;
import io.inferedge.inference.model.ModelManifest;
import java.time.Instant;
import java.util.List;

/**
 * What executing one plan on one frame produced and how long each stage took on this tier.
 *
 * @param plan the executed plan
 * @param model the manifest of the model that ran
 * @param scores class probabilities, indexed by label, each in [0, 1]
 * @param label the most probable class
 * @param preprocessMicros decoding the body and resizing to the plan's resolution
 * @param deviceComputeMicros the forward pass on this tier (excluding the wait for a predictor)
 * @param totalMicros from the start of execution to the result, including waits
 * @param deviceComputeStartedAt start of the forward pass, from the injected clock
 * @param deviceComputeEndedAt start plus the measured forward-pass duration
 */
record Execution(
    Plan plan,
    ModelManifest model,
    List<Double> scores,
    int label,
    long preprocessMicros,
    long deviceComputeMicros,
    long totalMicros,
    Instant deviceComputeStartedAt,
    Instant deviceComputeEndedAt) {

  Execution {
    scores = List.copyOf(scores);
  }

  double confidence() {
    return scores.get(label);
  }

  String labelName() {
    return model.className(label);
  }
}
