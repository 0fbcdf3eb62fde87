package io.inferedge.policy.evaluation;

import io.inferedge.policy.environment.Emulator;
import io.inferedge.policy.environment.EmulatorConfig;
import io.inferedge.policy.environment.Noise;
import io.inferedge.policy.environment.PlanTable;
import io.inferedge.policy.environment.Reward;
import io.inferedge.policy.environment.Window;
import io.inferedge.policy.environment.WindowModel;
import io.inferedge.policy.environment.WindowResult;
import java.util.SplittableRandom;

/**
 * Picks, every window, the plan with the highest expected reward of that window, computed with the
 * emulator's own {@link WindowModel} and {@link Reward} averaged over {@value #SAMPLES} noise
 * samples (the same samples for every candidate) with correctness as a probability. Two baselines
 * differ only in what they know:
 *
 * <ul>
 *   <li>{@code greedy} (greedy one-step, knows the current state): the stream's estimates
 *       (bandwidth and RTT from the last window, last server load minus its own share, scene-cut
 *       rate, regime guessed from the motion level), as the A2C policy sees them;
 *   <li>{@code oracle} (knows the future): the true conditions of the coming window (bandwidth, RTT
 *       per frame, others' load, regime, where the scene cuts fall, the label held). It does not
 *       know the intrinsic noise of the outcome (compute-time jitter, queue luck, which frames the
 *       model gets right), so its choice is the best in expectation given the future: the upper
 *       bound of the normalised score.
 * </ul>
 *
 * Both are myopic: they ignore the effect of today's plan on tomorrow's state (only the stream's
 * own server load and held label carry over; both are small). Not thread-safe.
 */
final class PlannerPolicy implements Policy {

  static final int SAMPLES = 16;

  private final boolean clairvoyant;
  private final long seed;
  private final Noise[] noise = new Noise[SAMPLES];
  private final Window window = new Window();
  private final WindowResult result = new WindowResult();
  private SplittableRandom random;
  private int lastK = -1;
  private int lastSkip = 1;

  private PlannerPolicy(boolean clairvoyant, long seed) {
    this.clairvoyant = clairvoyant;
    this.seed = seed;
    for (int i = 0; i < SAMPLES; i++) {
      noise[i] = new Noise();
    }
  }

  static PlannerPolicy greedy(long seed) {
    return new PlannerPolicy(false, seed);
  }

  static PlannerPolicy oracle(long seed) {
    return new PlannerPolicy(true, seed);
  }

  @Override
  public String name() {
    return clairvoyant ? "oracle" : "greedy";
  }

  @Override
  public void start(Emulator emulator) {
    random = new SplittableRandom(seed);
    lastK = -1;
  }

  @Override
  public void act(Emulator emulator, float[] state, int[] action) {
    PlanTable t = emulator.table();
    EmulatorConfig config = emulator.config();
    double fps = config.profile().framesPerSecond();
    boolean busy;
    double cutRate;
    if (clairvoyant) {
      window.copyFrom(emulator.upcomingWindow());
      busy = emulator.busy();
      cutRate = busy ? config.busyCutsPerSecond() : config.calmCutsPerSecond();
    } else {
      estimate(emulator, t, fps);
      busy = window.busy;
      cutRate = emulator.cutRateEstimate();
    }
    for (Noise n : noise) {
      n.draw(random);
    }
    double slo = emulator.requirements().latencySloMillis();
    double reference = t.referenceEnergyMj();
    double best = Double.NEGATIVE_INFINITY;
    int bestK = t.mostAccurate();
    int bestSkip = 0;
    for (int k : t.configurations()) {
      for (int s = 0; s < PlanTable.SKIPS.length; s++) {
        int skip = PlanTable.SKIPS[s];
        double expectedAccuracy = WindowModel.expectedAccuracy(t, k, skip, busy, cutRate, fps);
        double sum = 0;
        for (Noise n : noise) {
          WindowModel.simulate(
              t, k, skip, window, n, slo, fps, config.meanServiceMs(), false, result);
          sum += Reward.of(emulator.requirements(), result, reference, expectedAccuracy);
        }
        if (sum > best) {
          best = sum;
          bestK = k;
          bestSkip = s;
        }
      }
    }
    action[0] = t.modelOf(bestK);
    action[1] = t.cutOf(bestK);
    action[2] = t.resolutionOf(bestK);
    action[3] = bestSkip;
    lastK = bestK;
    lastSkip = PlanTable.SKIPS[bestSkip];
  }

  /** The coming window as the stream's estimates describe it. */
  private void estimate(Emulator emulator, PlanTable t, double fps) {
    window.bandwidthMbps = emulator.bandwidthEstimate();
    java.util.Arrays.fill(window.rttMs, emulator.rttEstimate());
    double own =
        lastK >= 0 && t.offloads(lastK) ? fps / lastSkip * t.serverMeanMs(lastK) / 1000 : 0;
    window.externalLoad = Math.max(0, emulator.observedLoad() - own);
    // Regime from the motion level: halfway between the calm and busy means (0.25, 0.6).
    window.busy = emulator.motion() > 0.425;
    double noCut = Math.exp(-emulator.cutRateEstimate() / fps);
    java.util.Arrays.fill(window.noCut, noCut);
    // The held label: as good as the model that made it, its scene probably still on.
    window.heldCorrect = lastK >= 0 ? t.accuracy(lastK, window.busy) : 0;
    window.heldStay = noCut;
  }
}
