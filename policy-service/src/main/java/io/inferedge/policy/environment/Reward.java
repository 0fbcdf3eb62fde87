package io.inferedge.policy.environment;

import io.inferedge.contracts.StreamRequirements;

/**
 * The reward of one decision window (DESIGN section 6), the same for every policy compared:
 *
 * <pre>
 *   r = w_acc * correct / frames
 *     - w_lat * min(meanLatency / SLO, 4)
 *     - w_en  * min(energyPerFrame / E_ref, 4)
 *     - 0.5   * sloMisses / processed
 *     - 2.0   * max(0, accuracyFloor - expectedAccuracy)
 * </pre>
 *
 * {@code correct} counts frames whose label held at the frame's deadline was right ({@link
 * WindowModel}); latency is averaged over the processed frames; {@code energyPerFrame} is the
 * window's device energy over its frames (a skipped frame costs nothing); {@code E_ref} is the
 * expected energy per frame of the most accurate configuration run on the device ({@link
 * PlanTable#referenceEnergyMj()}); {@code expectedAccuracy} is the plan's accuracy in the current
 * regime discounted for reused labels ({@link WindowModel#expectedAccuracy}). The clips keep one
 * disastrous window (a link outage) from dominating a batch. Stateless.
 */
public final class Reward {

  /** Penalty per unit of SLO-miss rate. */
  public static final double SLO_MISS_PENALTY = 0.5;

  /** Penalty per unit of expected accuracy below the stream's floor. */
  public static final double FLOOR_PENALTY = 2.0;

  /** Largest latency and energy ratio charged. */
  public static final double CLIP = 4.0;

  private Reward() {}

  public static double of(
      StreamRequirements requirements,
      double correctFraction,
      double meanLatencyMs,
      double missRate,
      double energyPerFrameMj,
      double referenceEnergyMj,
      double expectedAccuracy) {
    return requirements.accuracyWeight() * correctFraction
        - requirements.latencyWeight()
            * Math.min(meanLatencyMs / requirements.latencySloMillis(), CLIP)
        - requirements.energyWeight() * Math.min(energyPerFrameMj / referenceEnergyMj, CLIP)
        - SLO_MISS_PENALTY * missRate
        - FLOOR_PENALTY * Math.max(0, requirements.accuracyFloor() - expectedAccuracy);
  }

  /** The reward of a simulated window. */
  public static double of(
      StreamRequirements requirements,
      WindowResult result,
      double referenceEnergyMj,
      double expectedAccuracy) {
    return of(
        requirements,
        result.correct / WindowModel.FRAMES,
        result.meanLatencyMs(),
        result.processed == 0 ? 0 : (double) result.sloMisses / result.processed,
        result.energyMj / WindowModel.FRAMES,
        referenceEnergyMj,
        expectedAccuracy);
  }
}
