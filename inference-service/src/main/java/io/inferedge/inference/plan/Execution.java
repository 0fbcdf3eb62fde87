package io.inferedge.inference.plan;

import io.inferedge.contracts.Plan;
import io.inferedge.inference.model.ModelManifest;
import java.time.Instant;
import java.util.List;

/**
 * What executing one plan on one frame produced and how long each stage took, in wall time on this
 * machine. Emulated parts (the device slowdown and the link, both slept) are included in their
 * component and also given on their own, so the measured part is the component minus them.
 *
 * @param plan the executed plan
 * @param model the manifest of the model that ran
 * @param scores class probabilities, indexed by label, each in [0, 1]
 * @param label the most probable class
 * @param preprocessMicros decoding the body and resizing to the plan's resolution
 * @param deviceComputeMicros the device's blocks ({@code full} or {@code head_k}, excluding the
 *     wait for a predictor) plus the emulated slowdown; 0 at cut 0
 * @param emulatedDeviceMicros the slept part of {@code deviceComputeMicros}
 * @param transferMicros sending the tensor and receiving the answer, minus the server's queue and
 *     compute, plus the emulated link; 0 when nothing was sent
 * @param emulatedLinkMicros the slept part of {@code transferMicros}
 * @param serverQueueMicros the tensor's wait on the server tier for its batch; 0 when none sent
 * @param serverComputeMicros the server's batched call; 0 when none sent
 * @param totalMicros from the start of execution to the result, including every wait
 * @param bytesSent the bytes sent to the server tier: the tensor body, plus 4 for an int8 scale
 * @param serverBatchSize how many tensors the server's call ran, or null when nothing was sent
 * @param deviceComputeStartedAt start of the device compute, from the injected clock
 * @param deviceComputeEndedAt start plus {@code deviceComputeMicros}
 */
record Execution(
    Plan plan,
    ModelManifest model,
    List<Double> scores,
    int label,
    long preprocessMicros,
    long deviceComputeMicros,
    long emulatedDeviceMicros,
    long transferMicros,
    long emulatedLinkMicros,
    long serverQueueMicros,
    long serverComputeMicros,
    long totalMicros,
    long bytesSent,
    Integer serverBatchSize,
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
