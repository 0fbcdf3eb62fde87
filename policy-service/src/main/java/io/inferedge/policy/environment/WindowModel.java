package io.inferedge.policy.environment;

/**
 * The outcome of one decision window of {@value #FRAMES} frames under a plan: the emulator's
 * physics, a pure function of the plan, the window's conditions and the noise. The same code gives
 * the emulator's realised outcome (correctness and scene continuity as 0/1) and the planners'
 * expectations (as probabilities).
 *
 * <p>Per processed frame (every {@code skip}-th, starting with the window's first):
 *
 * <ul>
 *   <li>device time: log-normal from the profile's device quantiles x the device's slowdown;
 *   <li>if the plan offloads (cut below the model's last block): transfer {@code bytes * 8 /
 *       bandwidth}, the frame's RTT, a server queue wait, and the server time (log-normal from the
 *       profile). The server tier is one M/M/1 queue: with utilisation {@code rho} (everyone else's
 *       plus this stream's own {@code fps / skip * server time}, capped at {@value #MAX_LOAD}) a
 *       request waits with probability {@code rho}, then for an exponential time of mean {@code
 *       meanServiceMs / (1 - rho)};
 *   <li>device energy: {@code activeW * device time + radioW * transfer time} (W x ms = mJ); idle
 *       power and the server's energy are not charged to the frame (DESIGN section 5);
 *   <li>correct with the profile's accuracy for the model, resolution and regime.
 * </ul>
 *
 * <p>What the application sees for frame {@code j} is the label it holds at the frame's deadline
 * (arrival + SLO): the newest processed frame {@code i <= j} whose result arrived by then ({@code
 * latency_i <= (j - i) * frameInterval + SLO}), else the label held from earlier. It is right when
 * that result was right and no scene cut happened since its frame. So skipping frames and answering
 * late both cost accuracy in busy content. Simplification: a result that misses the window's last
 * deadline is not kept for the next window.
 *
 * <p>Stateless, thread-safe.
 */
public final class WindowModel {

  /** Frames per decision window: a multiple of every frame skip. */
  public static final int FRAMES = 4;

  /** Utilisation cap of the server queue (keeps the M/M/1 wait finite). */
  public static final double MAX_LOAD = 0.98;

  private WindowModel() {}

  /**
   * Simulates configuration {@code k} at frame skip {@code skip} through {@code window}.
   *
   * @param realised true: correctness from {@code noise.uCorrect} (0/1); false: its probability
   * @param out receives the result
   */
  public static void simulate(
      PlanTable table,
      int k,
      int skip,
      Window window,
      Noise noise,
      double sloMs,
      double framesPerSecond,
      double meanServiceMs,
      boolean realised,
      WindowResult out) {
    double frameMs = 1000.0 / framesPerSecond;
    double activeW = table.device().activeWatts();
    double radioW = table.device().radioTransmitWatts();
    boolean offloads = table.offloads(k);
    double accuracy = table.accuracy(k, window.busy);
    double own = offloads ? framesPerSecond / skip * table.serverMeanMs(k) / 1000.0 : 0;
    double rho = Math.min(MAX_LOAD, window.externalLoad + own);
    double transferMs = offloads ? table.bytes(k) * 8.0 / (window.bandwidthMbps * 1000.0) : 0;
    double waitMeanMs = meanServiceMs / (1 - rho);
    double dMu = table.deviceMu(k);
    double dSigma = table.deviceSigma(k);
    double sMu = table.serverMu(k);
    double sSigma = table.serverSigma(k);

    double[] latency = out.latenciesMs;
    double[] right = out.right;
    double[] late = out.late;
    int processed = 0;
    double latencySum = 0;
    int misses = 0;
    double energy = 0;
    double labelCorrect = 0;
    for (int j = 0; j < FRAMES; j++) {
      if (j % skip != 0) {
        late[j] = Double.NaN;
        continue;
      }
      double device = Math.exp(dMu + dSigma * noise.zDevice[j]);
      double total = device;
      if (offloads) {
        double wait = noise.uWait[j] < rho ? noise.eWait[j] * waitMeanMs : 0;
        double server = Math.exp(sMu + sSigma * noise.zServer[j]);
        total += transferMs + window.rttMs[j] + wait + server;
      }
      energy += activeW * device + radioW * transferMs;
      double p = realised ? (noise.uCorrect[j] < accuracy ? 1 : 0) : accuracy;
      right[j] = p;
      labelCorrect += p;
      late[j] = total;
      latency[processed++] = total;
      latencySum += total;
      if (total > sloMs) {
        misses++;
      }
    }

    // The label held at each frame's deadline.
    double correct = 0;
    for (int j = 0; j < FRAMES; j++) {
      double p = -1;
      double stay = 1;
      for (int i = j; i >= 0; i--) {
        if (!Double.isNaN(late[i]) && late[i] <= (j - i) * frameMs + sloMs) {
          p = right[i] * stay;
          break;
        }
        stay *= window.noCut[i];
      }
      if (p < 0) {
        // Nothing new arrived in time: the label from before the window, one more cut check.
        p = window.heldCorrect * window.heldStay * stay;
      }
      correct += p;
    }

    // The label held after the window: the newest result in time for the last frame's deadline.
    out.heldCorrect = window.heldCorrect;
    double stay = 1;
    boolean found = false;
    for (int i = FRAMES - 1; i >= 0; i--) {
      if (!Double.isNaN(late[i]) && late[i] <= (FRAMES - 1 - i) * frameMs + sloMs) {
        out.heldCorrect = right[i];
        out.heldStay = stay;
        found = true;
        break;
      }
      stay *= window.noCut[i];
    }
    if (!found) {
      out.heldStay = window.heldStay * stay;
    }

    out.correct = correct;
    out.labelCorrect = labelCorrect;
    out.processed = processed;
    out.latencySumMs = latencySum;
    out.sloMisses = misses;
    out.energyMj = energy;
    out.load = rho;
  }

  /**
   * Expected accuracy of a plan's labels in a regime with {@code cutRate} scene cuts per second,
   * ignoring lateness: the profile's accuracy x the mean chance that a reused label's scene is
   * still on. The accuracy floor of the reward is checked against it.
   */
  public static double expectedAccuracy(
      PlanTable table, int k, int skip, boolean busy, double cutRate, double framesPerSecond) {
    double stay = 0;
    for (int j = 0; j < skip; j++) {
      stay += Math.exp(-cutRate * j / framesPerSecond);
    }
    return table.accuracy(k, busy) * stay / skip;
  }
}
