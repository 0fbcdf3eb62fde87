package io.inferedge.policy.environment;

import io.inferedge.contracts.StreamRequirements;
import java.util.ArrayList;
import java.util.List;

/**
 * The state vector of DESIGN section 6, shared by the emulator, the decision API and the gateway:
 * raw estimates in, normalised features (roughly in [0, 1]) out. The names are published with the
 * actor ({@code PolicyPublished.stateFeatures}), so a consumer can check it feeds the same layout.
 *
 * <pre>
 *  link.bandwidth       ln(1 + Mbit/s) / ln(51)        estimate from recent transfers
 *  link.bandwidthTrend  (now - before) / max(now, 1)   clipped to [-1, 1]
 *  link.rtt             ms / 200, clipped to 2
 *  server.load          server-tier utilisation in [0, 1]
 *  device.slowdown      slowdown vs the host / 25
 *  device.activeWatts   W / 10
 *  device.radioWatts    W / 2
 *  content.cutRate      scene cuts per second / 2, clipped to 2
 *  content.motion       mean frame difference in [0, 1]
 *  req.latencyWeight, req.accuracyWeight, req.energyWeight
 *  req.slo              SLO ms / 250
 *  req.accuracyFloor
 *  last.model.NAME      one-hot of the last plan's model (all 0 before the first plan)
 *  last.cut             cut / the model's blocks
 *  last.resolution      px / 64
 *  last.frameSkip       1 / skip
 *  last.latency         last mean latency / SLO, clipped to 4
 *  last.sloMissRate     share of the last window's processed frames over the SLO
 * </pre>
 *
 * Immutable, thread-safe.
 */
public final class StateFeatures {

  private static final double LN51 = Math.log(51);

  private final List<String> names;
  private final int models;

  /**
   * @param modelNames the profile's models, in action-head order
   */
  public StateFeatures(List<String> modelNames) {
    this.models = modelNames.size();
    List<String> n = new ArrayList<>();
    n.addAll(
        List.of(
            "link.bandwidth",
            "link.bandwidthTrend",
            "link.rtt",
            "server.load",
            "device.slowdown",
            "device.activeWatts",
            "device.radioWatts",
            "content.cutRate",
            "content.motion",
            "req.latencyWeight",
            "req.accuracyWeight",
            "req.energyWeight",
            "req.slo",
            "req.accuracyFloor"));
    modelNames.forEach(m -> n.add("last.model." + m));
    n.addAll(
        List.of(
            "last.cut", "last.resolution", "last.frameSkip", "last.latency", "last.sloMissRate"));
    this.names = List.copyOf(n);
  }

  public List<String> names() {
    return names;
  }

  public int size() {
    return names.size();
  }

  /**
   * Writes the features.
   *
   * @param lastModel index of the last plan's model, -1 before the first plan
   * @param lastCutFraction last plan's cut / its model's blocks
   * @param lastResolution last plan's input side in px (ignored before the first plan)
   * @param lastSkip last plan's frame skip (ignored before the first plan)
   */
  public void encode(
      float[] out,
      double bandwidthMbps,
      double previousBandwidthMbps,
      double rttMs,
      double serverLoad,
      double slowdown,
      double activeWatts,
      double radioWatts,
      double cutsPerSecond,
      double motion,
      StreamRequirements requirements,
      int lastModel,
      double lastCutFraction,
      int lastResolution,
      int lastSkip,
      double lastLatencyMs,
      double lastMissRate) {
    int i = 0;
    out[i++] = (float) (Math.log1p(bandwidthMbps) / LN51);
    out[i++] =
        (float) clip((bandwidthMbps - previousBandwidthMbps) / Math.max(bandwidthMbps, 1), -1, 1);
    out[i++] = (float) Math.min(rttMs / 200, 2);
    out[i++] = (float) clip(serverLoad, 0, 1);
    out[i++] = (float) (slowdown / 25);
    out[i++] = (float) (activeWatts / 10);
    out[i++] = (float) (radioWatts / 2);
    out[i++] = (float) Math.min(cutsPerSecond / 2, 2);
    out[i++] = (float) clip(motion, 0, 1);
    out[i++] = (float) requirements.latencyWeight();
    out[i++] = (float) requirements.accuracyWeight();
    out[i++] = (float) requirements.energyWeight();
    out[i++] = (float) (requirements.latencySloMillis() / 250.0);
    out[i++] = (float) requirements.accuracyFloor();
    for (int m = 0; m < models; m++) {
      out[i++] = m == lastModel ? 1f : 0f;
    }
    boolean first = lastModel < 0;
    out[i++] = first ? 0f : (float) lastCutFraction;
    out[i++] = first ? 0f : lastResolution / 64f;
    out[i++] = first ? 0f : 1f / lastSkip;
    out[i++] = (float) Math.min(lastLatencyMs / requirements.latencySloMillis(), 4);
    out[i] = (float) clip(lastMissRate, 0, 1);
  }

  private static double clip(double x, double lo, double hi) {
    return x < lo ? lo : Math.min(x, hi);
  }
}
