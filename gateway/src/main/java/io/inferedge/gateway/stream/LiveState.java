package io.inferedge.gateway.stream;

import io.inferedge.contracts.Plan;
import io.inferedge.policy.decision.StreamState;
import java.util.ArrayDeque;
import java.util.List;

/**
 * What the gateway knows about one stream's conditions right now, estimated from what passes
 * through it, and the stream's frame-skip window and decision log. Memory is bounded: a few
 * numbers, the previous 64x64 grey frame (4096 bytes), at most {@value #RECENT} recent transfer
 * times and scene-cut instants, and at most {@code logSize} decisions.
 *
 * <p>The estimators (all from the device tier's replies and the frames themselves):
 *
 * <ul>
 *   <li>bandwidth: for each frame that sent bytes, {@code bytesSent * 8 / transferMicros} Mbit/s,
 *       smoothed by an EWMA ({@value #ALPHA}). The transfer time includes the round trip, so this
 *       is goodput, a little below the link's raw rate for small tensors. Before any transfer, the
 *       configured link profile's bandwidth. An estimate goes stale when no frame has sent bytes
 *       for {@value #STALE_SECONDS} s (the policy chose device-only plans, perhaps because of one
 *       slow transfer): from then on the state the policy sees moves back toward the link profile's
 *       bandwidth, half of the way every {@value #HALF_LIFE_SECONDS} s, so that a policy that
 *       stopped offloading on a bad estimate tries the link again and measures it anew.
 *   <li>previous bandwidth (the trend): the estimate when the previous decision was made.
 *   <li>RTT: the smallest transfer time among the last {@value #RECENT} frames that sent bytes, in
 *       ms (the smallest transfer is the one closest to a bare round trip; an upper bound). Before
 *       any transfer, the link profile's RTT; it goes stale like the bandwidth.
 *   <li>server load: for each frame the server tier ran, {@code queue / (queue + compute)}, which
 *       is the utilisation of an M/M/1 queue, EWMA; 0 before any.
 *   <li>motion: the mean absolute difference of the frame's 64x64 grey pixels against the stream's
 *       previous frame, in [0, 1], EWMA. A difference above the scene-cut threshold is a scene cut;
 *       the cut rate is the cuts of the last {@value #CUT_WINDOW_SECONDS} s per second.
 *   <li>last latency and SLO miss rate: EWMAs over the processed frames' device-tier totals.
 * </ul>
 *
 * <p>Thread-safe: every method synchronises on the instance (frames of one stream are few and
 * short; different streams never contend).
 */
public final class LiveState {

  /** Weight of a new sample in each EWMA. */
  static final double ALPHA = 0.3;

  /** How many recent transfer times and scene cuts are kept. */
  static final int RECENT = 16;

  static final int CUT_WINDOW_SECONDS = 10;

  /** Seconds without a transfer after which the link estimates move back toward the profile's. */
  static final int STALE_SECONDS = 5;

  /** Half-life, in seconds, of a stale link estimate's distance to the profile's. */
  static final int HALF_LIFE_SECONDS = 5;

  private static final long STALE_NANOS = STALE_SECONDS * 1_000_000_000L;

  private static final long CUT_WINDOW_NANOS = CUT_WINDOW_SECONDS * 1_000_000_000L;

  private final double linkBandwidthMbps;
  private final double linkRttMs;
  private final double sceneCutThreshold;
  private final int logSize;

  private double bandwidthMbps = Double.NaN;
  private double previousBandwidthMbps = Double.NaN;
  private final long[] transferMicros = new long[RECENT];
  private int transfers;
  private long lastTransferNanos;
  private double serverLoad;
  private double motion;
  private boolean motionSeen;
  private byte[] previousFrame;
  private final ArrayDeque<Long> cuts = new ArrayDeque<>();
  private double lastLatencyMs;
  private double lastMissRate;
  private boolean latencySeen;
  private Plan lastPlan;
  private Reusable lastResult;
  private int skipsLeft;
  private long lastSeenNanos;
  private final ArrayDeque<DecisionEntry> decisions = new ArrayDeque<>();

  /**
   * @param linkBandwidthMbps the link profile's bandwidth, used before any transfer was seen
   * @param linkRttMs the link profile's RTT, used before any transfer was seen
   * @param sceneCutThreshold frame difference in (0, 1] above which a frame is a scene cut
   * @param logSize how many decisions the log keeps
   */
  public LiveState(
      double linkBandwidthMbps,
      double linkRttMs,
      double sceneCutThreshold,
      int logSize,
      long nowNanos) {
    this.linkBandwidthMbps = linkBandwidthMbps;
    this.linkRttMs = linkRttMs;
    this.sceneCutThreshold = sceneCutThreshold;
    this.logSize = logSize;
    this.lastSeenNanos = nowNanos;
  }

  /** Mean absolute difference of two equally long grey frames, in [0, 1]. */
  public static double meanAbsoluteDifference(byte[] a, byte[] b) {
    if (a.length != b.length || a.length == 0) {
      throw new IllegalArgumentException("frames must be equally long and not empty");
    }
    long sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
    }
    return sum / (255.0 * a.length);
  }

  /**
   * Takes a frame's grey pixels into the content estimates.
   *
   * @return the difference to the previous frame, or -1 for the stream's first frame
   */
  public synchronized double observeFrame(byte[] grey, long nowNanos) {
    lastSeenNanos = nowNanos;
    double difference = -1;
    if (previousFrame != null && previousFrame.length == grey.length) {
      difference = meanAbsoluteDifference(previousFrame, grey);
      motion = motionSeen ? ALPHA * difference + (1 - ALPHA) * motion : difference;
      motionSeen = true;
      if (difference > sceneCutThreshold) {
        cuts.addLast(nowNanos);
        if (cuts.size() > RECENT) {
          cuts.removeFirst();
        }
      }
    }
    previousFrame = grey.clone();
    return difference;
  }

  /**
   * Takes the device tier's report of a processed frame into the link, server and latency
   * estimates.
   *
   * @param bytesSent bytes sent to the server tier, 0 for a device-only plan
   * @param transferMicros the transfer's wall time
   * @param serverQueueMicros the tensor's wait on the server tier
   * @param serverComputeMicros the server tier's compute
   * @param totalMicros the device tier's total for the frame
   * @param sloMillis the stream's latency SLO
   */
  public synchronized void observeResult(
      long bytesSent,
      long transferMicros,
      long serverQueueMicros,
      long serverComputeMicros,
      long totalMicros,
      long sloMillis,
      long nowNanos) {
    lastSeenNanos = nowNanos;
    if (bytesSent > 0 && transferMicros > 0) {
      double mbps = bytesSent * 8.0 / transferMicros;
      double fresh = transfers == 0 ? 1 : freshness(nowNanos);
      if (fresh < 1) {
        // A stale estimate counts only as much as the state the policy last saw made of it.
        bandwidthMbps = fresh * bandwidthMbps + (1 - fresh) * linkBandwidthMbps;
        if (fresh < 0.5) {
          transfers = 0;
        }
      }
      bandwidthMbps =
          Double.isNaN(bandwidthMbps) ? mbps : ALPHA * mbps + (1 - ALPHA) * bandwidthMbps;
      this.transferMicros[transfers % RECENT] = transferMicros;
      transfers++;
      lastTransferNanos = nowNanos;
      if (serverQueueMicros + serverComputeMicros > 0) {
        double load = (double) serverQueueMicros / (serverQueueMicros + serverComputeMicros);
        serverLoad = ALPHA * load + (1 - ALPHA) * serverLoad;
      }
    }
    double latencyMs = totalMicros / 1000.0;
    double miss = latencyMs > sloMillis ? 1 : 0;
    if (latencySeen) {
      lastLatencyMs = ALPHA * latencyMs + (1 - ALPHA) * lastLatencyMs;
      lastMissRate = ALPHA * miss + (1 - ALPHA) * lastMissRate;
    } else {
      lastLatencyMs = latencyMs;
      lastMissRate = miss;
      latencySeen = true;
    }
  }

  /**
   * The measured bandwidth estimate, in Mbit/s, however old; what the policy sees, and what to
   * show, is {@link #bandwidthMbps(long)}.
   */
  synchronized double bandwidthMbps() {
    return Double.isNaN(bandwidthMbps) ? linkBandwidthMbps : bandwidthMbps;
  }

  /** The measured RTT estimate, in ms, however old; see {@link #rttMs(long)}. */
  synchronized double rttMs() {
    if (transfers == 0) {
      return linkRttMs;
    }
    long min = Long.MAX_VALUE;
    for (int i = 0; i < Math.min(transfers, RECENT); i++) {
      min = Math.min(min, transferMicros[i]);
    }
    return min / 1000.0;
  }

  /**
   * The weight of the measured link estimates against the link profile's as of {@code nowNanos}: 1
   * while they are fresh, halving every {@value #HALF_LIFE_SECONDS} s once stale.
   */
  private double freshness(long nowNanos) {
    long stale = nowNanos - lastTransferNanos - STALE_NANOS;
    return stale <= 0 ? 1 : Math.pow(0.5, stale / (HALF_LIFE_SECONDS * 1e9));
  }

  /**
   * The bandwidth estimate the policy sees as of {@code nowNanos}, in Mbit/s: the measured one,
   * moved toward the link profile's once stale.
   */
  public synchronized double bandwidthMbps(long nowNanos) {
    double fresh = freshness(nowNanos);
    return fresh * bandwidthMbps() + (1 - fresh) * linkBandwidthMbps;
  }

  /** The RTT estimate the policy sees as of {@code nowNanos}, in ms (stale like the bandwidth). */
  public synchronized double rttMs(long nowNanos) {
    double fresh = freshness(nowNanos);
    return fresh * rttMs() + (1 - fresh) * linkRttMs;
  }

  /** The state the policy decides on, for {@code device}, as of {@code nowNanos}. */
  public synchronized StreamState state(String device, long nowNanos) {
    double bandwidth = bandwidthMbps(nowNanos);
    double rtt = rttMs(nowNanos);
    while (!cuts.isEmpty() && nowNanos - cuts.peekFirst() > CUT_WINDOW_NANOS) {
      cuts.removeFirst();
    }
    return new StreamState(
        bandwidth,
        Double.isNaN(previousBandwidthMbps) ? bandwidth : previousBandwidthMbps,
        rtt,
        Math.min(1, Math.max(0, serverLoad)),
        device,
        cuts.size() / (double) CUT_WINDOW_SECONDS,
        Math.min(1, Math.max(0, motion)),
        lastPlan,
        lastLatencyMs,
        lastMissRate);
  }

  /**
   * The last result, to answer this frame with, if the current plan skips it; counts the skip.
   *
   * @return null when the frame must go to the device tier
   */
  public synchronized Reusable reuse(long nowNanos) {
    lastSeenNanos = nowNanos;
    if (skipsLeft > 0 && lastResult != null) {
      skipsLeft--;
      return lastResult;
    }
    return null;
  }

  /**
   * Records a frame the device tier executed under {@code plan}: its result is what the next {@code
   * plan.frameSkip() - 1} frames are answered with, and the trend's reference moves to now.
   */
  public synchronized void executed(Plan plan, Reusable result, double bandwidthAtDecision) {
    lastPlan = plan;
    lastResult = result;
    skipsLeft = plan.frameSkip() - 1;
    previousBandwidthMbps = bandwidthAtDecision;
  }

  /** Appends a decision to the log, dropping the oldest beyond the log size. */
  public synchronized void log(DecisionEntry entry) {
    decisions.addLast(entry);
    while (decisions.size() > logSize) {
      decisions.removeFirst();
    }
  }

  /** The logged decisions, oldest first. */
  public synchronized List<DecisionEntry> decisions() {
    return List.copyOf(decisions);
  }

  synchronized void touch(long nowNanos) {
    lastSeenNanos = Math.max(lastSeenNanos, nowNanos);
  }

  synchronized long lastSeenNanos() {
    return lastSeenNanos;
  }

  /**
   * A result a skipped frame can be answered with.
   *
   * @param decisionId the decision the result was produced under
   */
  public record Reusable(
      int label,
      String labelName,
      double confidence,
      Plan plan,
      String policySource,
      String policyVersion,
      java.util.UUID decisionId) {}
}
