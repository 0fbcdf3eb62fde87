package io.inferedge.policy.environment;

import io.inferedge.contracts.StreamRequirements;
import io.inferedge.policy.profile.Profile;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link Emulator} simulates. Each episode draws a trace (and a start offset in it), a
 * device class and the stream's requirements from these lists.
 *
 * @param profile the measured profile outcomes are drawn from
 * @param traces the links an episode may replay
 * @param devices device classes of the controlled stream, names in the profile
 * @param requirements requirement profiles an episode may have
 * @param randomRequirements when true, half of the episodes get random requirements instead
 *     (weights uniform on the simplex, SLO 100-250 ms, accuracy floor 0.75 one time in four), so
 *     that one preference-conditioned policy generalises between the named profiles
 * @param devicesSharingServer devices offloading to the one server tier, the controlled one
 *     included (DESIGN: N, default 4); the others run background plans that change every 30 s on
 *     average
 * @param episodeSteps decision windows per episode (each {@value WindowModel#FRAMES} frames)
 * @param meanServiceMs mean service time of the server tier's request mix, for the queue wait
 * @param calmCutsPerSecond scene-cut rate of the calm regime
 * @param busyCutsPerSecond scene-cut rate of the busy regime
 * @param calmSeconds mean time in the calm regime before it turns busy
 * @param busySeconds mean time in the busy regime before it turns calm
 */
public record EmulatorConfig(
    Profile profile,
    List<LinkTrace> traces,
    List<String> devices,
    List<StreamRequirements> requirements,
    boolean randomRequirements,
    int devicesSharingServer,
    int episodeSteps,
    double meanServiceMs,
    double calmCutsPerSecond,
    double busyCutsPerSecond,
    double calmSeconds,
    double busySeconds) {

  /** The four requirement profiles of DESIGN section 6, in report order. */
  public static final List<StreamRequirements> NAMED_REQUIREMENTS =
      List.of(
          StreamRequirements.LATENCY_FIRST,
          StreamRequirements.ACCURACY_FIRST,
          StreamRequirements.ENERGY_FIRST,
          StreamRequirements.BALANCED);

  /** Their names, in the same order. */
  public static final List<String> REQUIREMENT_NAMES =
      List.of("latency-first", "accuracy-first", "energy-first", "balanced");

  /** The Jetsons a policy is trained for. */
  public static final List<String> JETSONS =
      List.of("jetson-tx2", "jetson-nano", "jetson-xavier-nx", "jetson-orin-nano");

  public EmulatorConfig {
    Objects.requireNonNull(profile, "profile must not be null");
    traces = List.copyOf(traces);
    devices = List.copyOf(devices);
    requirements = List.copyOf(requirements);
    if (traces.isEmpty() || devices.isEmpty() || requirements.isEmpty()) {
      throw new IllegalArgumentException("traces, devices and requirements must not be empty");
    }
    devices.forEach(profile::device);
    if (devicesSharingServer < 1) {
      throw new IllegalArgumentException(
          "devicesSharingServer must be >= 1, was " + devicesSharingServer);
    }
    if (episodeSteps < 1) {
      throw new IllegalArgumentException("episodeSteps must be >= 1, was " + episodeSteps);
    }
    for (double v :
        new double[] {
          meanServiceMs, calmCutsPerSecond, busyCutsPerSecond, calmSeconds, busySeconds
        }) {
      if (!(v > 0)) {
        throw new IllegalArgumentException(
            "meanServiceMs, cut rates and regime durations must be > 0, one was " + v);
      }
    }
  }

  /** Training: the training traces plus the built-in constant links, every Jetson, every need. */
  public static EmulatorConfig training(Profile profile) {
    List<LinkTrace> traces = new java.util.ArrayList<>(LinkTrace.readClasspath("training"));
    profile.links().forEach(l -> traces.add(LinkTrace.constant(l)));
    return new EmulatorConfig(
        profile, traces, JETSONS, NAMED_REQUIREMENTS, true, 4, 256, 2.0, 0.2, 2.0, 40, 20);
  }

  /** One evaluation run: one trace, one device, one requirement profile. */
  public static EmulatorConfig evaluation(
      Profile profile, LinkTrace trace, String device, StreamRequirements requirements, int steps) {
    return new EmulatorConfig(
        profile,
        List.of(trace),
        List.of(device),
        List.of(requirements),
        false,
        4,
        steps,
        2.0,
        0.2,
        2.0,
        40,
        20);
  }

  public EmulatorConfig withTraces(List<LinkTrace> newTraces) {
    return new EmulatorConfig(
        profile,
        newTraces,
        devices,
        requirements,
        randomRequirements,
        devicesSharingServer,
        episodeSteps,
        meanServiceMs,
        calmCutsPerSecond,
        busyCutsPerSecond,
        calmSeconds,
        busySeconds);
  }

  public EmulatorConfig withDevices(List<String> newDevices) {
    return new EmulatorConfig(
        profile,
        traces,
        newDevices,
        requirements,
        randomRequirements,
        devicesSharingServer,
        episodeSteps,
        meanServiceMs,
        calmCutsPerSecond,
        busyCutsPerSecond,
        calmSeconds,
        busySeconds);
  }

  /** Seconds of video one decision window covers. */
  public double windowSeconds() {
    return WindowModel.FRAMES / profile.framesPerSecond();
  }
}
