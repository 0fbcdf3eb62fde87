package io.inferedge.policy.online;

import io.inferedge.contracts.StreamRequirements;
import io.inferedge.policy.environment.Reward;
import java.util.List;

/**
 * The emulator's {@link Reward} computed from live outcomes, for one decision window: the frames a
 * decision's plan processed. Per window of {@code n} stored outcomes under frame skip {@code s}:
 *
 * <ul>
 *   <li>frames {@code = n * s} (each processed frame answers itself and the {@code s - 1} skipped
 *       frames after it, which reuse its label and cost no energy);
 *   <li>correct fraction: the share of outcomes with a known correctness that were right (a reused
 *       label is taken to be as right as the frame it came from: scene cuts are not observed live);
 *       with no known correctness, the profile's accuracy of the plan;
 *   <li>mean latency and SLO-miss rate over the processed frames;
 *   <li>energy per frame: the outcomes' device energy over the frames; {@code E_ref} of the
 *       decision's device class ({@code PlanTable#referenceEnergyMj});
 *   <li>the accuracy floor is checked against the correct fraction.
 * </ul>
 *
 * Stateless.
 */
public final class LiveReward {

  private LiveReward() {}

  /**
   * One window's reward.
   *
   * @param frames frames it covers
   * @param processed outcomes in it
   * @param reward its reward
   */
  public record Window(int frames, int processed, double reward) {}

  /**
   * @param frames the window's live frames (same decision, hence same plan and requirements)
   * @param referenceEnergyMj E_ref of the decision's device class
   * @param profileAccuracy the plan's accuracy in the profile, used when no correctness is known
   */
  public static Window of(
      StreamRequirements requirements,
      int frameSkip,
      List<LiveFrame> frames,
      double referenceEnergyMj,
      double profileAccuracy) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("frames must not be empty");
    }
    int processed = frames.size();
    int known = 0;
    int right = 0;
    int misses = 0;
    double latency = 0;
    double energy = 0;
    for (LiveFrame f : frames) {
      if (f.correct() != null) {
        known++;
        right += f.correct() ? 1 : 0;
      }
      latency += f.latencyMs();
      misses += f.latencyMs() > requirements.latencySloMillis() ? 1 : 0;
      energy += f.energyMj();
    }
    int total = processed * frameSkip;
    double correct = known == 0 ? profileAccuracy : (double) right / known;
    double reward =
        Reward.of(
            requirements,
            correct,
            latency / processed,
            (double) misses / processed,
            energy / total,
            referenceEnergyMj,
            correct);
    return new Window(total, processed, reward);
  }
}
