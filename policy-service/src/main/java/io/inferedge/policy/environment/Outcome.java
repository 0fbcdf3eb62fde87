package io.inferedge.policy.environment;

/**
 * What happened to a stream's frames during one step (one window of frames).
 *
 * @param frames frames in the window
 * @param processed frames that ran the plan (the others reused a label)
 * @param correct frames whose label, as held at the frame's deadline (arrival + SLO), was right; a
 *     result that arrives after the deadline does not count for its frame
 * @param labelCorrect processed frames whose own result was right, however late
 * @param latencySumMs sum of the processed frames' end-to-end latencies
 * @param latenciesMs each processed frame's latency, in frame order (length {@code processed})
 * @param sloMisses processed frames whose latency exceeded the SLO
 * @param energyMj device energy of the window (compute + radio), millijoules
 * @param bandwidthMbps the link's true bandwidth during the window
 * @param serverLoad the server tier's utilisation during the window
 * @param busy whether the content regime was busy
 */
public record Outcome(
    int frames,
    int processed,
    double correct,
    double labelCorrect,
    double latencySumMs,
    double[] latenciesMs,
    int sloMisses,
    double energyMj,
    double bandwidthMbps,
    double serverLoad,
    boolean busy) {

  /** For environments without frames. */
  public static final Outcome NONE = new Outcome(0, 0, 0, 0, 0, new double[0], 0, 0, 0, 0, false);
}
