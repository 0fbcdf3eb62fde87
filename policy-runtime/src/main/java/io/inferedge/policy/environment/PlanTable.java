package io.inferedge.policy.environment;

import io.inferedge.contracts.Plan;
import io.inferedge.policy.profile.Configuration;
import io.inferedge.policy.profile.DeviceProfile;
import io.inferedge.policy.profile.ModelProfile;
import io.inferedge.policy.profile.Profile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link Profile} flattened for one device class into arrays indexed by configuration {@code k =
 * (model * cuts + cut) * resolutions + resolution} (indices, not values), so that the emulator's
 * inner loop does no lookups. Device times are the host's times x the device's slowdown; server
 * times are the host's (the server tier is a host-class machine). Immutable after construction,
 * thread-safe.
 */
public final class PlanTable {

  /** Frame-skip factors, the fourth head's choices. */
  public static final int[] SKIPS = {1, 2, 4};

  /** The plan heads of a profile: model, cut ({@code 0..maxBlocks}), resolution, frame skip. */
  public static ActionSpace actionSpace(Profile profile) {
    List<String> cuts = new ArrayList<>();
    for (int c = 0; c <= profile.maxBlocks(); c++) {
      cuts.add(Integer.toString(c));
    }
    return new ActionSpace(
        List.of(
            new ActionSpace.Head(ActionSpace.MODEL, profile.modelNames()),
            new ActionSpace.Head(ActionSpace.CUT, cuts),
            new ActionSpace.Head(
                ActionSpace.RESOLUTION,
                profile.resolutions().stream().map(String::valueOf).toList()),
            new ActionSpace.Head(
                ActionSpace.FRAME_SKIP, Arrays.stream(SKIPS).mapToObj(String::valueOf).toList())));
  }

  private final Profile profile;
  private final DeviceProfile device;
  private final int models;
  private final int cuts;
  private final int resolutions;
  private final int[] blocks;
  private final int[] resolutionValues;
  private final boolean[] exists;
  private final double[] deviceMu;
  private final double[] deviceSigma;
  private final double[] deviceMeanMs;
  private final double[] serverMu;
  private final double[] serverSigma;
  private final double[] serverMeanMs;
  private final double[] bytes;
  private final boolean[] offloads;
  private final double[] accuracyCalm;
  private final double[] accuracyBusy;
  private final int mostAccurate;
  private final List<Integer> configurations;

  public PlanTable(Profile profile, DeviceProfile device) {
    this.profile = profile;
    this.device = device;
    this.models = profile.models().size();
    this.cuts = profile.maxBlocks() + 1;
    this.resolutions = profile.resolutions().size();
    this.blocks = new int[models];
    this.resolutionValues = profile.resolutions().stream().mapToInt(Integer::intValue).toArray();
    int n = models * cuts * resolutions;
    exists = new boolean[n];
    deviceMu = new double[n];
    deviceSigma = new double[n];
    deviceMeanMs = new double[n];
    serverMu = new double[n];
    serverSigma = new double[n];
    serverMeanMs = new double[n];
    bytes = new double[n];
    offloads = new boolean[n];
    accuracyCalm = new double[n];
    accuracyBusy = new double[n];
    int best = -1;
    for (int m = 0; m < models; m++) {
      ModelProfile model = profile.models().get(m);
      blocks[m] = model.blocks();
      for (int c = 0; c <= model.blocks(); c++) {
        for (int r = 0; r < resolutions; r++) {
          Configuration conf = model.configuration(c, resolutionValues[r]);
          if (conf == null) {
            continue;
          }
          int k = index(m, c, r);
          exists[k] = true;
          double slowdown = device.slowdown();
          // Device part: host micros x slowdown, in ms; the log-normal's mu shifts by ln(slowdown).
          deviceMu[k] = conf.deviceMicros().logMedian() + Math.log(slowdown / 1000.0);
          deviceSigma[k] = conf.deviceMicros().logSpread();
          deviceMeanMs[k] = conf.deviceMicros().mean() * slowdown / 1000.0;
          offloads[k] = c < model.blocks();
          if (offloads[k]) {
            serverMu[k] = conf.serverMicros().logMedian() + Math.log(1 / 1000.0);
            serverSigma[k] = conf.serverMicros().logSpread();
            serverMeanMs[k] = conf.serverMicros().mean() / 1000.0;
          }
          bytes[k] = conf.bytesSent();
          accuracyCalm[k] = model.accuracy(Profile.CALM, resolutionValues[r]);
          accuracyBusy[k] = model.accuracy(Profile.BUSY, resolutionValues[r]);
          if (c == model.blocks() && (best < 0 || accuracyCalm[k] > accuracyCalm[best])) {
            best = k;
          }
        }
      }
    }
    this.mostAccurate = best;
    List<Integer> all = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      if (exists[k]) {
        all.add(k);
      }
    }
    this.configurations = List.copyOf(all);
  }

  public int index(int model, int cut, int resolution) {
    return (model * cuts + cut) * resolutions + resolution;
  }

  public int size() {
    return exists.length;
  }

  public int models() {
    return models;
  }

  /** Choices of the cut head: {@code 0..maxBlocks}. */
  public int cuts() {
    return cuts;
  }

  public int resolutions() {
    return resolutions;
  }

  public int blocks(int model) {
    return blocks[model];
  }

  public int resolutionValue(int r) {
    return resolutionValues[r];
  }

  public boolean exists(int k) {
    return exists[k];
  }

  public boolean exists(int model, int cut, int resolution) {
    return cut < cuts && exists[index(model, cut, resolution)];
  }

  public int modelOf(int k) {
    return k / (cuts * resolutions);
  }

  public int cutOf(int k) {
    return (k / resolutions) % cuts;
  }

  public int resolutionOf(int k) {
    return k % resolutions;
  }

  double deviceMu(int k) {
    return deviceMu[k];
  }

  double deviceSigma(int k) {
    return deviceSigma[k];
  }

  /** Mean device compute of configuration {@code k} on this device, ms. */
  public double deviceMeanMs(int k) {
    return deviceMeanMs[k];
  }

  double serverMu(int k) {
    return serverMu[k];
  }

  double serverSigma(int k) {
    return serverSigma[k];
  }

  /** Mean server compute of configuration {@code k}, ms (0 when device-only). */
  public double serverMeanMs(int k) {
    return serverMeanMs[k];
  }

  public double bytes(int k) {
    return bytes[k];
  }

  public boolean offloads(int k) {
    return offloads[k];
  }

  public double accuracy(int k, boolean busy) {
    return busy ? accuracyBusy[k] : accuracyCalm[k];
  }

  /** The device-only configuration with the highest accuracy: the reference of E_ref. */
  public int mostAccurate() {
    return mostAccurate;
  }

  /**
   * E_ref of the reward: expected device energy per frame (mJ) of the most accurate configuration
   * run entirely on this device every frame.
   */
  public double referenceEnergyMj() {
    return device.activeWatts() * deviceMeanMs[mostAccurate];
  }

  public DeviceProfile device() {
    return device;
  }

  public Profile profile() {
    return profile;
  }

  /** The contracts' plan of configuration {@code k} at skip index {@code s}. */
  public Plan plan(int k, int skipIndex) {
    return new Plan(
        profile.models().get(modelOf(k)).name(),
        cutOf(k),
        resolutionValues[resolutionOf(k)],
        SKIPS[skipIndex]);
  }

  /**
   * The masks of the plan heads (model, cut, resolution, frame skip): a cut is allowed when the
   * chosen model has it at some resolution, a resolution when the chosen model and cut have it. See
   * {@code Environment#mask} (policy-service).
   */
  public void mask(int head, int[] action, boolean[] allowed) {
    switch (head) {
      case 0 -> java.util.Arrays.fill(allowed, 0, models, true);
      case 1 -> {
        for (int c = 0; c < cuts; c++) {
          boolean any = false;
          for (int r = 0; r < resolutions && !any; r++) {
            any = c <= blocks[action[0]] && exists[index(action[0], c, r)];
          }
          allowed[c] = any;
        }
      }
      case 2 -> {
        for (int r = 0; r < resolutions; r++) {
          allowed[r] = exists(action[0], action[1], r);
        }
      }
      case 3 -> java.util.Arrays.fill(allowed, 0, SKIPS.length, true);
      default -> throw new IllegalArgumentException("head must be in [0, 3], was " + head);
    }
  }

  /** Every existing configuration index. */
  public List<Integer> configurations() {
    return configurations;
  }
}
