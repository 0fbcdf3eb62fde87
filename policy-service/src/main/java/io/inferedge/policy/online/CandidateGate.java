package io.inferedge.policy.online;

import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import io.inferedge.policy.a2c.A2cPolicy;
import io.inferedge.policy.decision.ServingPolicy;
import io.inferedge.policy.decision.StreamState;
import io.inferedge.policy.environment.Emulator;
import io.inferedge.policy.environment.EmulatorConfig;
import io.inferedge.policy.environment.LinkTrace;
import io.inferedge.policy.environment.Noise;
import io.inferedge.policy.environment.PlanTable;
import io.inferedge.policy.environment.Reward;
import io.inferedge.policy.environment.Step;
import io.inferedge.policy.environment.Window;
import io.inferedge.policy.environment.WindowModel;
import io.inferedge.policy.environment.WindowResult;
import io.inferedge.policy.evaluation.Evaluator;
import io.inferedge.policy.profile.Profile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The gate a fine-tuned candidate must pass before it is activated: compared with the active
 * version on the same inputs, it may be worse by at most {@code margin} mean reward
 *
 * <ol>
 *   <li>on the live-calibrated emulator: both deterministic actors on the held-out evaluation
 *       traces, the evaluation seeds ({@link Evaluator#FIRST_SEED}..), every named requirement
 *       profile, one device class;
 *   <li>on recent live states: each logged state (with its requirements) goes through both actors
 *       as a decision would, and each chosen plan is scored by the expected {@link Reward} of one
 *       window under the live-calibrated plan table, with the window's conditions taken from the
 *       state (bandwidth, RTT, server load, busy content when the scene-cut rate is above the
 *       midpoint of the emulator's calm and busy rates) and the same {@value #REPLAY_DRAWS} noise
 *       draws for both plans. Skipped, and noted, with fewer than {@code minReplayStates} states.
 * </ol>
 *
 * Stateless, thread-safe.
 */
public final class CandidateGate {

  static final int REPLAY_DRAWS = 4;

  private CandidateGate() {}

  /**
   * Mean reward per window of both actors.
   *
   * @param runs emulator runs or replayed states behind each mean
   * @param perProfile per requirement profile: candidate and active means (emulator only)
   */
  public record Comparison(
      int runs, double candidate, double active, Map<String, double[]> perProfile) {

    boolean within(double margin) {
      return candidate >= active - margin;
    }

    Map<String, Object> summary() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("runs", runs);
      out.put("candidate", round(candidate));
      out.put("active", round(active));
      if (!perProfile.isEmpty()) {
        Map<String, Object> profiles = new LinkedHashMap<>();
        perProfile.forEach(
            (name, v) ->
                profiles.put(name, Map.of("candidate", round(v[0]), "active", round(v[1]))));
        out.put("profiles", profiles);
      }
      return out;
    }
  }

  /**
   * The verdict.
   *
   * @param passed whether the candidate may be activated
   * @param reason why, in one line
   * @param emulator the emulator comparison
   * @param replay the live replay, null when skipped
   * @param replayStates live states available
   */
  public record Verdict(
      boolean passed, String reason, Comparison emulator, Comparison replay, int replayStates) {}

  /** Runs both parts of the gate. */
  public static Verdict judge(
      A2cPolicy candidate,
      A2cPolicy active,
      Profile calibrated,
      String device,
      List<LiveState> states,
      int seeds,
      int steps,
      int minReplayStates,
      double margin) {
    Comparison emulated = emulator(candidate, active, calibrated, device, seeds, steps);
    Comparison replayed =
        states.size() >= minReplayStates && !states.isEmpty()
            ? replay(candidate, active, calibrated, states)
            : null;
    boolean emulatorOk = emulated.within(margin);
    boolean replayOk = replayed == null || replayed.within(margin);
    String reason =
        String.format(
            Locale.ROOT,
            "emulator: candidate %.4f vs active %.4f (%s); live replay: %s",
            emulated.candidate(),
            emulated.active(),
            emulatorOk ? "within margin " + margin : "worse by more than margin " + margin,
            replayed == null
                ? "skipped, " + states.size() + " logged states < " + minReplayStates
                : String.format(
                    Locale.ROOT,
                    "candidate %.4f vs active %.4f over %d states (%s)",
                    replayed.candidate(),
                    replayed.active(),
                    replayed.runs(),
                    replayOk ? "within margin" : "worse by more than margin"));
    return new Verdict(emulatorOk && replayOk, reason, emulated, replayed, states.size());
  }

  /** Both actors on the same held-out traces, seeds and requirement profiles. */
  static Comparison emulator(
      A2cPolicy candidate, A2cPolicy active, Profile profile, String device, int seeds, int steps) {
    List<LinkTrace> traces = LinkTrace.readClasspath("evaluation");
    Map<String, double[]> perProfile = new LinkedHashMap<>();
    double c = 0;
    double a = 0;
    int runs = 0;
    for (int p = 0; p < EmulatorConfig.NAMED_REQUIREMENTS.size(); p++) {
      StreamRequirements requirements = EmulatorConfig.NAMED_REQUIREMENTS.get(p);
      double pc = 0;
      double pa = 0;
      for (LinkTrace trace : traces) {
        EmulatorConfig config =
            EmulatorConfig.evaluation(profile, trace, device, requirements, steps);
        for (int i = 0; i < seeds; i++) {
          long seed = Evaluator.FIRST_SEED + i;
          pc += run(candidate, config, seed, steps);
          pa += run(active, config, seed, steps);
          runs++;
        }
      }
      int n = traces.size() * seeds;
      perProfile.put(EmulatorConfig.REQUIREMENT_NAMES.get(p), new double[] {pc / n, pa / n});
      c += pc;
      a += pa;
    }
    return new Comparison(runs, c / runs, a / runs, perProfile);
  }

  private static double run(A2cPolicy policy, EmulatorConfig config, long seed, int steps) {
    Emulator emulator = new Emulator(config);
    float[] state = new float[emulator.stateSize()];
    int[] action = new int[emulator.actionSpace().size()];
    emulator.reset(seed, state);
    double total = 0;
    for (int t = 0; t < steps; t++) {
      policy.decide(state, emulator::mask, action, null);
      Step step = emulator.step(action, state);
      total += step.reward();
    }
    return total / steps;
  }

  /** Both actors on the logged live states, their plans scored on the calibrated table. */
  static Comparison replay(
      A2cPolicy candidate, A2cPolicy active, Profile profile, List<LiveState> states) {
    ServingPolicy c = new ServingPolicy(0, candidate, profile);
    ServingPolicy a = new ServingPolicy(0, active, profile);
    EmulatorConfig defaults = EmulatorConfig.training(profile);
    Map<String, PlanTable> tables = new LinkedHashMap<>();
    double sc = 0;
    double sa = 0;
    int n = 0;
    for (int i = 0; i < states.size(); i++) {
      LiveState live = states.get(i);
      StreamState state = live.state();
      if (!c.knowsDevice(state.device())) {
        continue;
      }
      Plan pc;
      Plan pa;
      try {
        pc = c.decide(state, live.requirements()).plan();
        pa = a.decide(state, live.requirements()).plan();
      } catch (IllegalArgumentException e) {
        continue; // a last plan this profile lacks
      }
      PlanTable table =
          tables.computeIfAbsent(state.device(), d -> new PlanTable(profile, profile.device(d)));
      sc += score(table, pc, state, live.requirements(), defaults, i);
      sa += score(table, pa, state, live.requirements(), defaults, i);
      n++;
    }
    return n == 0 ? new Comparison(0, 0, 0, Map.of()) : new Comparison(n, sc / n, sa / n, Map.of());
  }

  /** The expected reward of one window of {@code plan} under the state's conditions. */
  static double score(
      PlanTable table,
      Plan plan,
      StreamState state,
      StreamRequirements requirements,
      EmulatorConfig defaults,
      long seed) {
    Profile profile = table.profile();
    int k =
        table.index(
            profile.modelNames().indexOf(plan.modelVersion()),
            plan.cutPoint(),
            profile.resolutions().indexOf(plan.inputResolution()));
    int skip = plan.frameSkip();
    double fps = profile.framesPerSecond();
    double midpoint = (defaults.calmCutsPerSecond() + defaults.busyCutsPerSecond()) / 2;
    boolean busy = state.sceneCutsPerSecond() > midpoint;
    Window window = new Window();
    window.bandwidthMbps = state.bandwidthMbps();
    java.util.Arrays.fill(window.rttMs, state.rttMs());
    window.externalLoad = state.serverLoad();
    window.busy = busy;
    java.util.Arrays.fill(window.noCut, Math.exp(-state.sceneCutsPerSecond() / fps));
    window.heldCorrect = 0;
    window.heldStay = 0;
    double expectedAccuracy =
        WindowModel.expectedAccuracy(table, k, skip, busy, state.sceneCutsPerSecond(), fps);
    SplittableRandom random = new SplittableRandom(seed);
    Noise noise = new Noise();
    WindowResult result = new WindowResult();
    double total = 0;
    for (int d = 0; d < REPLAY_DRAWS; d++) {
      noise.draw(random);
      WindowModel.simulate(
          table,
          k,
          skip,
          window,
          noise,
          requirements.latencySloMillis(),
          fps,
          defaults.meanServiceMs(),
          false,
          result);
      total += Reward.of(requirements, result, table.referenceEnergyMj(), expectedAccuracy);
    }
    return total / REPLAY_DRAWS;
  }

  static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
