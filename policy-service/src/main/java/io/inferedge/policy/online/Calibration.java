package io.inferedge.policy.online;

import io.inferedge.policy.profile.Configuration;
import io.inferedge.policy.profile.DeviceProfile;
import io.inferedge.policy.profile.LatencyDistribution;
import io.inferedge.policy.profile.ModelProfile;
import io.inferedge.policy.profile.Profile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The emulator's profile calibrated by live outcomes. Two things are replaced, each only where at
 * least {@code minSamples} live outcomes back it:
 *
 * <ul>
 *   <li><b>accuracy per (model, resolution)</b>, from outcomes with a known correctness: both
 *       regimes' accuracies are scaled by {@code liveMean / profileMix} (capped at 1), where {@code
 *       profileMix = (2 calm + busy) / 3} is the profile's accuracy under the emulator's regime mix
 *       (40 s calm, 20 s busy on average). The profile's accuracy does not depend on the cut, so
 *       outcomes of every cut count.
 *   <li><b>device latency of device-only configurations</b> (cut = the model's blocks, per
 *       resolution): their live latency is all device compute, so the host quantiles are scaled by
 *       the mean over outcomes of {@code liveMs / (hostMeanMs x slowdown of the decision's
 *       device)}.
 * </ul>
 *
 * Not calibrated: offloading configurations' latencies (an outcome gives only the end-to-end time,
 * whose network share is not observed), energies (they follow from the calibrated times through the
 * power model), link traces and the content process. Stateless.
 */
public final class Calibration {

  private static final double CALM_WEIGHT = 2.0 / 3;

  private Calibration() {}

  /**
   * One replaced figure.
   *
   * @param what e.g. {@code accuracy small/r48} or {@code deviceLatency small/c4/r48}
   * @param samples live outcomes behind it
   * @param profile the profile's figure (accuracy under the mix, or mean device ms on the host)
   * @param live the live figure it was replaced by, in the same units
   */
  public record Adjustment(String what, int samples, double profile, double live) {}

  /**
   * The calibrated profile and what was changed.
   *
   * @param profile the profile with the live figures in (same name, models, devices)
   * @param adjustments one per replaced figure
   */
  public record Result(Profile profile, List<Adjustment> adjustments) {}

  /**
   * @param defaultDevice the device class of frames whose decision had no state
   */
  public static Result of(
      Profile profile, List<LiveFrame> frames, int minSamples, String defaultDevice) {
    Map<String, int[]> correct = new HashMap<>();
    Map<String, double[]> latency = new HashMap<>();
    for (LiveFrame f : frames) {
      ModelProfile model = find(profile, f.plan().modelVersion());
      if (model == null || !profile.resolutions().contains(f.plan().inputResolution())) {
        continue;
      }
      String key = model.name() + "/r" + f.plan().inputResolution();
      if (f.correct() != null) {
        int[] c = correct.computeIfAbsent(key, k -> new int[2]);
        c[0] += f.correct() ? 1 : 0;
        c[1]++;
      }
      if (f.plan().cutPoint() == model.blocks()) {
        Configuration conf = model.configuration(model.blocks(), f.plan().inputResolution());
        DeviceProfile device = device(profile, f.device(), defaultDevice);
        double expectedMs = conf.deviceMicros().mean() / 1000.0 * device.slowdown();
        if (expectedMs > 0) {
          double[] l = latency.computeIfAbsent(key, k -> new double[2]);
          l[0] += f.latencyMs() / expectedMs;
          l[1]++;
        }
      }
    }
    List<Adjustment> adjustments = new ArrayList<>();
    List<ModelProfile> models = new ArrayList<>();
    for (ModelProfile m : profile.models()) {
      Map<String, Map<Integer, Double>> accuracy = new LinkedHashMap<>();
      accuracy.put(Profile.CALM, new LinkedHashMap<>(m.accuracy().get(Profile.CALM)));
      accuracy.put(Profile.BUSY, new LinkedHashMap<>(m.accuracy().get(Profile.BUSY)));
      List<Configuration> configurations = new ArrayList<>(m.configurations());
      for (int r : profile.resolutions()) {
        String key = m.name() + "/r" + r;
        int[] c = correct.get(key);
        if (c != null && c[1] >= minSamples) {
          double calm = m.accuracy(Profile.CALM, r);
          double busy = m.accuracy(Profile.BUSY, r);
          double mix = CALM_WEIGHT * calm + (1 - CALM_WEIGHT) * busy;
          double live = (double) c[0] / c[1];
          double factor = mix > 0 ? live / mix : 1;
          accuracy.get(Profile.CALM).put(r, Math.min(1, calm * factor));
          accuracy.get(Profile.BUSY).put(r, Math.min(1, busy * factor));
          adjustments.add(new Adjustment("accuracy " + key, c[1], mix, live));
        }
        double[] l = latency.get(key);
        if (l != null && l[1] >= minSamples) {
          double factor = l[0] / l[1];
          for (int i = 0; i < configurations.size(); i++) {
            Configuration conf = configurations.get(i);
            if (conf.cut() == m.blocks() && conf.resolution() == r) {
              LatencyDistribution d = conf.deviceMicros();
              configurations.set(
                  i,
                  new Configuration(
                      conf.cut(),
                      conf.resolution(),
                      conf.bytesSent(),
                      new LatencyDistribution(d.p10() * factor, d.p50() * factor, d.p90() * factor),
                      conf.serverMicros(),
                      conf.latencySource()));
              adjustments.add(
                  new Adjustment(
                      "deviceLatency " + m.name() + "/c" + m.blocks() + "/r" + r,
                      (int) l[1],
                      d.mean() / 1000.0,
                      d.mean() / 1000.0 * factor));
            }
          }
        }
      }
      models.add(
          new ModelProfile(
              m.name(),
              m.source(),
              m.blocks(),
              m.channels(),
              m.parameters(),
              m.macs(),
              accuracy,
              m.accuracySource(),
              m.accuracyNote(),
              configurations));
    }
    Profile calibrated =
        new Profile(
            profile.formatVersion(),
            profile.name(),
            profile.description(),
            profile.host(),
            profile.framesPerSecond(),
            profile.resolutions(),
            models,
            profile.devices(),
            profile.links());
    return new Result(calibrated, List.copyOf(adjustments));
  }

  private static ModelProfile find(Profile profile, String name) {
    for (ModelProfile m : profile.models()) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    return null;
  }

  private static DeviceProfile device(Profile profile, String name, String defaultDevice) {
    for (DeviceProfile d : profile.devices()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    return profile.device(defaultDevice);
  }
}
