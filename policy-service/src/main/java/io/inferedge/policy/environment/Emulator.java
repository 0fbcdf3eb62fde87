package io.inferedge.policy.environment;

import io.inferedge.contracts.StreamRequirements;
import io.inferedge.policy.profile.DeviceProfile;
import io.inferedge.policy.profile.Profile;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The emulator of DESIGN section 6: one controlled video stream on a device of some class, sharing
 * one server tier with {@code devicesSharingServer - 1} other devices and other tenants, over a
 * link replayed from a trace, with content that switches between calm and busy regimes. One step is
 * one decision window of {@value WindowModel#FRAMES} frames; its outcome comes from {@link
 * WindowModel} and its reward from {@link Reward}.
 *
 * <p>Exogenous processes, redrawn every window from the episode's seed (the same for every policy
 * on the same seed, whatever it does):
 *
 * <ul>
 *   <li>link: the trace's bandwidth and RTT at the window's time (row per second, looping), RTT
 *       jittered per frame (log-normal, sigma 0.1);
 *   <li>content: a two-state Markov regime (mean {@code calmSeconds} / {@code busySeconds} per
 *       visit) and per-frame scene cuts at the regime's rate;
 *   <li>server: other tenants' utilisation, a mean-reverting walk around an episode-level mean
 *       drawn in [0.1, 0.75], clipped to [0, 0.95]; plus the background devices' offered load
 *       ({@code fps / skip * server time} of their current plans).
 * </ul>
 *
 * <p>What the stream observes (the state; {@link StateFeatures}): bandwidth and RTT estimated from
 * the last window's transfers (measurement noise sigma 0.1, exponentially smoothed with weight
 * 0.5), the last window's server utilisation, the scene-cut rate seen in recent frames (smoothed,
 * weight 0.25) and a noisy motion level, the device class, the requirements, the last plan and how
 * it did. The decision for a window is thus made on estimates one window old: that is what makes
 * anticipation worth learning.
 *
 * <p>Three random streams: the episode set-up and exogenous processes, the observation noise (both
 * independent of the actions), and the outcome {@link Noise} (a fixed number of draws per step).
 * Fast: no allocation per step besides the returned {@link Step} and its {@link Outcome}. Not
 * thread-safe: one per thread.
 */
public final class Emulator implements Environment {

  private static final double TENANT_REVERSION = 0.05;
  private static final double TENANT_STEP_SD = 0.06;
  private static final double TENANT_MAX = 0.95;
  private static final double BACKGROUND_PLAN_SECONDS = 30;
  private static final double RTT_JITTER = 0.1;
  private static final double MEASUREMENT_NOISE = 0.1;
  private static final double ESTIMATE_WEIGHT = 0.5;
  private static final double CUT_RATE_WEIGHT = 0.25;

  private final EmulatorConfig config;
  private final ActionSpace actionSpace;
  private final StateFeatures features;
  private final PlanTable[] tables;
  private final double fps;
  private final double windowSeconds;

  // Episode set-up.
  private SplittableRandom exogenous;
  private SplittableRandom observation;
  private SplittableRandom outcome;
  private PlanTable table;
  private LinkTrace trace;
  private double traceOffset;
  private StreamRequirements requirements;
  private double referenceEnergy;
  private int steps;
  private double time;

  // Exogenous state.
  private boolean busy;
  private double tenantMean;
  private double tenantLoad;
  private int[] backgroundConfig;
  private int[] backgroundSkip;
  private final Window window = new Window();
  private double heldCorrect;
  private double heldStay;

  // Observed state.
  private double bandwidthEstimate;
  private double previousBandwidthEstimate;
  private double rttEstimate;
  private double observedLoad;
  private double cutRateEstimate;
  private double motion;
  private int lastModel = -1;
  private double lastCutFraction;
  private int lastResolution;
  private int lastSkip;
  private double lastLatencyMs;
  private double lastMissRate;

  private final Noise noise = new Noise();
  private final WindowResult result = new WindowResult();

  public Emulator(EmulatorConfig config) {
    this.config = config;
    Profile profile = config.profile();
    this.fps = profile.framesPerSecond();
    this.windowSeconds = config.windowSeconds();
    this.tables = new PlanTable[config.devices().size()];
    for (int i = 0; i < tables.length; i++) {
      tables[i] = new PlanTable(profile, profile.device(config.devices().get(i)));
    }
    this.features = new StateFeatures(profile.modelNames());
    this.actionSpace = actionSpace(profile);
  }

  /**
   * The plan heads of a profile: model, cut ({@code 0..maxBlocks}), resolution, frame skip. Same as
   * {@link PlanTable#actionSpace(Profile)}.
   */
  public static ActionSpace actionSpace(Profile profile) {
    return PlanTable.actionSpace(profile);
  }

  @Override
  public ActionSpace actionSpace() {
    return actionSpace;
  }

  @Override
  public List<String> stateFeatures() {
    return features.names();
  }

  @Override
  public void reset(long seed, float[] state) {
    exogenous = new SplittableRandom(seed);
    observation = exogenous.split();
    outcome = exogenous.split();
    trace = config.traces().get(exogenous.nextInt(config.traces().size()));
    traceOffset = exogenous.nextDouble() * trace.period();
    table = tables[exogenous.nextInt(tables.length)];
    requirements = drawRequirements();
    referenceEnergy = table.referenceEnergyMj();
    steps = 0;
    time = 0;
    busy =
        exogenous.nextDouble()
            < config.busySeconds() / (config.calmSeconds() + config.busySeconds());
    tenantMean = 0.1 + 0.65 * exogenous.nextDouble();
    tenantLoad = tenantMean;
    int others = config.devicesSharingServer() - 1;
    backgroundConfig = new int[others];
    backgroundSkip = new int[others];
    for (int d = 0; d < others; d++) {
      drawBackgroundPlan(d);
    }
    heldCorrect = 0;
    heldStay = 0;
    prepareWindow();
    bandwidthEstimate = measured(window.bandwidthMbps);
    previousBandwidthEstimate = bandwidthEstimate;
    rttEstimate = measured(window.rttMs[0]);
    observedLoad = window.externalLoad;
    cutRateEstimate = busy ? config.busyCutsPerSecond() : config.calmCutsPerSecond();
    motion = motionLevel();
    lastModel = -1;
    lastLatencyMs = 0;
    lastMissRate = 0;
    writeState(state);
  }

  private StreamRequirements drawRequirements() {
    boolean random = config.randomRequirements() && exogenous.nextBoolean();
    StreamRequirements named =
        config.requirements().get(exogenous.nextInt(config.requirements().size()));
    if (!random) {
      return named;
    }
    // Uniform on the simplex: normalised unit exponentials.
    double a = -Math.log(1 - exogenous.nextDouble());
    double b = -Math.log(1 - exogenous.nextDouble());
    double c = -Math.log(1 - exogenous.nextDouble());
    double sum = a + b + c;
    double latency = a / sum;
    double accuracy = b / sum;
    long slo = 100 + 50L * exogenous.nextInt(4);
    double floor = exogenous.nextInt(4) == 0 ? 0.75 : 0.0;
    return new StreamRequirements(slo, floor, latency, accuracy, 1 - latency - accuracy);
  }

  private void drawBackgroundPlan(int d) {
    List<Integer> all = table.configurations();
    backgroundConfig[d] = all.get(exogenous.nextInt(all.size()));
    backgroundSkip[d] = PlanTable.SKIPS[exogenous.nextInt(PlanTable.SKIPS.length)];
  }

  /** Draws the exogenous conditions of the coming window (action-independent). */
  private void prepareWindow() {
    double t = traceOffset + time;
    int row = trace.rowAt(t);
    window.bandwidthMbps = trace.bandwidthMbps()[row];
    double rtt = trace.rttMs()[row];
    for (int j = 0; j < WindowModel.FRAMES; j++) {
      window.rttMs[j] = rtt * Math.exp(RTT_JITTER * exogenous.nextGaussian());
    }
    if (steps > 0
        && exogenous.nextDouble()
            < windowSeconds / (busy ? config.busySeconds() : config.calmSeconds())) {
      busy = !busy;
    }
    window.busy = busy;
    double cutChance = (busy ? config.busyCutsPerSecond() : config.calmCutsPerSecond()) / fps;
    for (int j = 0; j < WindowModel.FRAMES; j++) {
      window.noCut[j] = exogenous.nextDouble() < cutChance ? 0 : 1;
    }
    tenantLoad +=
        TENANT_REVERSION * (tenantMean - tenantLoad) + TENANT_STEP_SD * exogenous.nextGaussian();
    tenantLoad = Math.max(0, Math.min(TENANT_MAX, tenantLoad));
    double load = tenantLoad;
    for (int d = 0; d < backgroundConfig.length; d++) {
      if (exogenous.nextDouble() < windowSeconds / BACKGROUND_PLAN_SECONDS) {
        drawBackgroundPlan(d);
      }
      int k = backgroundConfig[d];
      load += table.offloads(k) ? fps / backgroundSkip[d] * table.serverMeanMs(k) / 1000.0 : 0;
    }
    window.externalLoad = load;
    window.heldCorrect = heldCorrect;
    window.heldStay = heldStay;
  }

  @Override
  public Step step(int[] action, float[] state) {
    int k = configuration(action);
    int skip = PlanTable.SKIPS[action[3]];
    noise.draw(outcome);
    WindowModel.simulate(
        table,
        k,
        skip,
        window,
        noise,
        requirements.latencySloMillis(),
        fps,
        config.meanServiceMs(),
        true,
        result);
    double cutRate = busy ? config.busyCutsPerSecond() : config.calmCutsPerSecond();
    double expectedAccuracy = WindowModel.expectedAccuracy(table, k, skip, busy, cutRate, fps);
    double reward = Reward.of(requirements, result, referenceEnergy, expectedAccuracy);
    Outcome o =
        new Outcome(
            WindowModel.FRAMES,
            result.processed,
            result.correct,
            result.labelCorrect,
            result.latencySumMs,
            Arrays.copyOf(result.latenciesMs, result.processed),
            result.sloMisses,
            result.energyMj,
            window.bandwidthMbps,
            result.load,
            busy);

    // What the stream learns from this window.
    heldCorrect = result.heldCorrect;
    heldStay = result.heldStay;
    previousBandwidthEstimate = bandwidthEstimate;
    bandwidthEstimate =
        (1 - ESTIMATE_WEIGHT) * bandwidthEstimate
            + ESTIMATE_WEIGHT * measured(window.bandwidthMbps);
    double meanRtt = 0;
    int cuts = 0;
    for (int j = 0; j < WindowModel.FRAMES; j++) {
      meanRtt += window.rttMs[j] / WindowModel.FRAMES;
      cuts += window.noCut[j] == 0 ? 1 : 0;
    }
    rttEstimate = (1 - ESTIMATE_WEIGHT) * rttEstimate + ESTIMATE_WEIGHT * measured(meanRtt);
    observedLoad = result.load;
    cutRateEstimate =
        (1 - CUT_RATE_WEIGHT) * cutRateEstimate + CUT_RATE_WEIGHT * cuts / windowSeconds;
    motion = motionLevel();
    lastModel = action[0];
    lastCutFraction = (double) action[1] / table.blocks(action[0]);
    lastResolution = table.resolutionValue(action[2]);
    lastSkip = skip;
    lastLatencyMs = result.meanLatencyMs();
    lastMissRate = result.processed == 0 ? 0 : (double) result.sloMisses / result.processed;

    steps++;
    time += windowSeconds;
    boolean truncated = steps >= config.episodeSteps();
    prepareWindow();
    writeState(state);
    return new Step(reward, false, truncated, o);
  }

  /** The configuration index of an action, checked against the masks. */
  private int configuration(int[] action) {
    if (action.length != 4
        || action[0] < 0
        || action[0] >= table.models()
        || action[1] < 0
        || action[1] > table.blocks(action[0])
        || action[2] < 0
        || action[2] >= table.resolutions()
        || action[3] < 0
        || action[3] >= PlanTable.SKIPS.length
        || !table.exists(action[0], action[1], action[2])) {
      throw new IllegalArgumentException("action is not allowed: " + Arrays.toString(action));
    }
    return table.index(action[0], action[1], action[2]);
  }

  @Override
  public void mask(int head, int[] action, boolean[] allowed) {
    table.mask(head, action, allowed);
  }

  private double measured(double value) {
    return value * Math.exp(MEASUREMENT_NOISE * observation.nextGaussian());
  }

  private double motionLevel() {
    return (busy ? 0.6 : 0.25) + 0.1 * observation.nextGaussian();
  }

  private void writeState(float[] state) {
    DeviceProfile device = table.device();
    features.encode(
        state,
        bandwidthEstimate,
        previousBandwidthEstimate,
        rttEstimate,
        observedLoad,
        device.slowdown(),
        device.activeWatts(),
        device.radioTransmitWatts(),
        cutRateEstimate,
        motion,
        requirements,
        lastModel,
        lastCutFraction,
        lastResolution,
        lastSkip,
        lastLatencyMs,
        lastMissRate);
  }

  // ---- Read-only views for planners (baselines) that look inside the emulator. ----

  /** The true conditions of the coming window: what only a clairvoyant oracle may look at. */
  public Window upcomingWindow() {
    return window;
  }

  public PlanTable table() {
    return table;
  }

  public StreamRequirements requirements() {
    return requirements;
  }

  public EmulatorConfig config() {
    return config;
  }

  public boolean busy() {
    return busy;
  }

  /** The stream's estimates: bandwidth (Mbit/s), RTT (ms), last server load, cut rate (1/s). */
  public double bandwidthEstimate() {
    return bandwidthEstimate;
  }

  public double rttEstimate() {
    return rttEstimate;
  }

  public double observedLoad() {
    return observedLoad;
  }

  public double cutRateEstimate() {
    return cutRateEstimate;
  }

  public double motion() {
    return motion;
  }

  /** The label held now: probability right (0/1 here) and scene still on. */
  public double heldCorrect() {
    return heldCorrect;
  }

  public double heldStay() {
    return heldStay;
  }

  /** The current trace's name. */
  public String traceName() {
    return trace.name();
  }
}
