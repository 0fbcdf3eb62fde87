package io.inferedge.inference.plan;

import io.inferedge.contracts.Plan;
import io.inferedge.inference.frame.FrameDecoder;
import io.inferedge.inference.frame.FrameEncoding;
import io.inferedge.inference.frame.GreyFrame;
import io.inferedge.inference.model.LoadedModel;
import io.inferedge.inference.model.ModelManifest;
import io.inferedge.inference.model.ModelRegistry;
import io.inferedge.inference.model.PlanNotSupportedException;
import io.inferedge.inference.model.PredictorLease;
import io.inferedge.inference.power.BusyIntervals;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Executes a plan for one frame on this tier: resolve the plan's model (unknown models and cut
 * points are refused before any work), decode the body, resize it to the plan's resolution, run the
 * model and pick the label. Stage times are wall time from {@link System#nanoTime()}; the compute
 * interval is stamped with the injected {@link Clock} so telemetry can integrate device power over
 * it, and recorded in {@link BusyIntervals}, which drives the power model where no sensor is
 * readable.
 *
 * <p>Only device-only plans (cut == the model's block count) run today. Split plans need the server
 * tier, the intermediate-tensor transfer and the link emulation of the split-execution issue; until
 * then they are refused with {@link PlanNotSupportedException}.
 *
 * <p>Thread-safe: stateless apart from the registry, which is.
 */
@Component
final class PlanExecutor {

  private final ModelRegistry registry;
  private final Clock clock;
  private final BusyIntervals busy;
  private final FrameDecoder decoder = new FrameDecoder();

  PlanExecutor(ModelRegistry registry, Clock clock, BusyIntervals busy) {
    this.registry = registry;
    this.clock = clock;
    this.busy = busy;
  }

  Execution execute(Plan plan, FrameEncoding encoding, byte[] body) {
    long started = System.nanoTime();
    LoadedModel model = registry.resolve(plan);
    ModelManifest manifest = model.manifest();
    requireDeviceOnly(manifest, plan);

    long preprocessStarted = System.nanoTime();
    GreyFrame frame = decoder.decode(encoding, body).resizedTo(plan.inputResolution());
    long preprocessed = System.nanoTime();

    float[] probabilities;
    Instant computeStartedAt;
    long computeNanos = 0;
    try (PredictorLease predictor = model.acquire()) {
      computeStartedAt = clock.instant();
      BusyIntervals.Busy computing = busy.begin(computeStartedAt);
      long computeStarted = System.nanoTime();
      try {
        probabilities = predictor.predict(frame);
      } finally {
        computeNanos = System.nanoTime() - computeStarted;
        computing.end(computeStartedAt.plusNanos(computeNanos));
      }
    }
    List<Double> scores = new ArrayList<>(probabilities.length);
    int label = 0;
    for (int i = 0; i < probabilities.length; i++) {
      // float softmax can land a hair outside [0, 1]; the published record requires the interval.
      scores.add(Math.min(1.0, Math.max(0.0, probabilities[i])));
      if (probabilities[i] > probabilities[label]) {
        label = i;
      }
    }
    long finished = System.nanoTime();
    return new Execution(
        plan,
        manifest,
        scores,
        label,
        micros(preprocessed - preprocessStarted),
        micros(computeNanos),
        micros(finished - started),
        computeStartedAt,
        computeStartedAt.plusNanos(computeNanos));
  }

  /**
   * Refuses plans that cut the model before its last block.
   *
   * @throws PlanNotSupportedException for any cut other than the model's block count
   */
  static void requireDeviceOnly(ModelManifest manifest, Plan plan) {
    if (!manifest.isDeviceOnly(plan.cutPoint())) {
      throw new PlanNotSupportedException(
          "plan "
              + plan.configId()
              + " splits model "
              + manifest.name()
              + " after block "
              + plan.cutPoint()
              + "; split execution across tiers is not available yet, use cut "
              + manifest.blocks()
              + " (all on the device)");
    }
  }

  private static long micros(long nanos) {
    return nanos / 1_000;
  }
}
