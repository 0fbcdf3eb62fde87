package io.inferedge.policy.environment;

/**
 * What {@link WindowModel#simulate} computed for one window: realised values, or expectations when
 * correctness and scene continuity are given as probabilities. Mutable scratch; not thread-safe.
 */
public final class WindowResult {

  /** Frames whose label held at the frame's deadline was right (expected value in expectation). */
  public double correct;

  /** Processed frames whose own result was right, however late. */
  public double labelCorrect;

  public int processed;

  /** Each processed frame's latency, ms, in {@code latenciesMs[0..processed-1]}. */
  public final double[] latenciesMs = new double[WindowModel.FRAMES];

  public double latencySumMs;
  public int sloMisses;

  /** Device energy of the window, mJ. */
  public double energyMj;

  /** Server utilisation including this stream. */
  public double load;

  /** The label held after the window: probability right, and that its scene lasts to the end. */
  public double heldCorrect;

  public double heldStay;

  /** Scratch: per frame slot, the processed result's chance of being right. */
  final double[] right = new double[WindowModel.FRAMES];

  /** Scratch: per frame slot, the processed frame's latency, NaN when skipped. */
  final double[] late = new double[WindowModel.FRAMES];

  public double meanLatencyMs() {
    return processed == 0 ? 0 : latencySumMs / processed;
  }
}
