package io.inferedge.policy.environment;

import java.util.random.RandomGenerator;

/**
 * The intrinsic randomness of one window's outcome: per frame slot a standard normal for the device
 * and the server compute time, a uniform and a unit exponential for the server queue, a uniform for
 * correctness. Always the same number of draws whatever the plan, so that policies compared on the
 * same seed see the same luck (common random numbers). Mutable; not thread-safe.
 */
public final class Noise {

  final double[] zDevice = new double[WindowModel.FRAMES];
  final double[] zServer = new double[WindowModel.FRAMES];
  final double[] uWait = new double[WindowModel.FRAMES];
  final double[] eWait = new double[WindowModel.FRAMES];
  final double[] uCorrect = new double[WindowModel.FRAMES];

  /** Draws a fresh sample. */
  public void draw(RandomGenerator random) {
    for (int j = 0; j < WindowModel.FRAMES; j++) {
      zDevice[j] = random.nextGaussian();
      zServer[j] = random.nextGaussian();
      uWait[j] = random.nextDouble();
      eWait[j] = -Math.log(1 - random.nextDouble());
      uCorrect[j] = random.nextDouble();
    }
  }
}
