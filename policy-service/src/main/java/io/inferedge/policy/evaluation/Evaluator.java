package io.inferedge.policy.evaluation;

import io.inferedge.contracts.StreamRequirements;
import io.inferedge.policy.a2c.A2cPolicy;
import io.inferedge.policy.environment.Emulator;
import io.inferedge.policy.environment.EmulatorConfig;
import io.inferedge.policy.environment.LinkTrace;
import io.inferedge.policy.environment.PlanTable;
import io.inferedge.policy.environment.Step;
import io.inferedge.policy.profile.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Runs A2C and every baseline on the same held-out runs: for each requirement profile and each
 * seed, one episode of {@code steps} windows on evaluation trace {@code seed mod traces} on one
 * device class; every policy sees the same exogenous conditions and the same outcome noise (common
 * random numbers). The best static configuration is chosen in hindsight: every static plan is run
 * on every run of the profile and the one with the highest mean reward is reported. Seeds are run
 * in parallel (each worker has its own emulators and policies). Thread-safe to call; holds no state
 * between calls.
 */
public final class Evaluator {

  /** Evaluation seeds start here, far from anything training draws (training uses longs). */
  public static final long FIRST_SEED = 1_000_001;

  /** Report order of the policies. */
  public static final List<String> POLICIES =
      List.of(
          "a2c",
          "device-only",
          "server-only",
          "neurosurgeon",
          "best-static",
          "greedy",
          "random",
          "oracle");

  /** The fixed strategies people use today, the comparison set. */
  public static final List<String> FIXED =
      List.of("device-only", "server-only", "neurosurgeon", "best-static");

  private final Profile profile;
  private final List<LinkTrace> traces;
  private final String device;
  private final int seeds;
  private final int steps;

  /**
   * One run's metrics.
   *
   * @param seed the run's seed
   * @param trace the trace it replayed
   */
  public record RunResult(
      long seed,
      String trace,
      double reward,
      double latencyMeanMs,
      double latencyP95Ms,
      double accuracy,
      double labelAccuracy,
      double energyPerFrameMj,
      double correctPerJoule,
      double sloMissRate,
      double processedShare) {

    static RunResult of(long seed, String trace, RunMetrics m) {
      return new RunResult(
          seed,
          trace,
          m.reward(),
          m.latencyMeanMs(),
          m.latencyP95Ms(),
          m.accuracy(),
          m.labelAccuracy(),
          m.energyPerFrameMj(),
          m.correctPerJoule(),
          m.sloMissRate(),
          m.processedShare());
    }
  }

  /**
   * Everything measured: per requirement profile, per policy, one result per seed (same order).
   *
   * @param bestStatic per requirement profile, the config id of the best static plan
   */
  public record Results(
      Map<String, Map<String, List<RunResult>>> runs, Map<String, String> bestStatic) {}

  public Evaluator(Profile profile, List<LinkTrace> traces, String device, int seeds, int steps) {
    if (seeds < 2) {
      throw new IllegalArgumentException(
          "seeds must be >= 2 for a confidence interval, was " + seeds);
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, was " + steps);
    }
    profile.device(device);
    this.profile = profile;
    this.traces = List.copyOf(traces);
    this.device = device;
    this.seeds = seeds;
    this.steps = steps;
  }

  public Results run(A2cPolicy a2c, Consumer<String> log) {
    Map<String, Map<String, List<RunResult>>> runs = new LinkedHashMap<>();
    Map<String, String> bestStatic = new LinkedHashMap<>();
    for (int q = 0; q < EmulatorConfig.NAMED_REQUIREMENTS.size(); q++) {
      String name = EmulatorConfig.REQUIREMENT_NAMES.get(q);
      StreamRequirements requirements = EmulatorConfig.NAMED_REQUIREMENTS.get(q);
      long start = System.nanoTime();
      List<SeedRuns> perSeed =
          IntStream.range(0, seeds)
              .parallel()
              .mapToObj(i -> runSeed(i, requirements, a2c))
              .toList();
      // Best static in hindsight: highest mean reward over all runs of this profile.
      int statics = perSeed.get(0).statics.size();
      int best = 0;
      double bestReward = Double.NEGATIVE_INFINITY;
      for (int s = 0; s < statics; s++) {
        double sum = 0;
        for (SeedRuns r : perSeed) {
          sum += r.statics.get(s).reward();
        }
        if (sum > bestReward) {
          bestReward = sum;
          best = s;
        }
      }
      Map<String, List<RunResult>> byPolicy = new LinkedHashMap<>();
      for (String policy : POLICIES) {
        List<RunResult> results = new ArrayList<>();
        for (SeedRuns r : perSeed) {
          results.add(policy.equals("best-static") ? r.statics.get(best) : r.policies.get(policy));
        }
        byPolicy.put(policy, List.copyOf(results));
      }
      runs.put(name, byPolicy);
      bestStatic.put(name, perSeed.get(0).staticNames.get(best));
      log.accept(
          String.format(
              "evaluated %s: %d seeds x %d windows in %.1f s; best static %s",
              name, seeds, steps, (System.nanoTime() - start) / 1e9, bestStatic.get(name)));
    }
    return new Results(runs, bestStatic);
  }

  private record SeedRuns(
      Map<String, RunResult> policies, List<RunResult> statics, List<String> staticNames) {}

  private SeedRuns runSeed(int i, StreamRequirements requirements, A2cPolicy a2c) {
    long seed = FIRST_SEED + i;
    LinkTrace trace = traces.get(i % traces.size());
    EmulatorConfig config = EmulatorConfig.evaluation(profile, trace, device, requirements, steps);
    Emulator emulator = new Emulator(config);
    List<Policy> policies =
        List.of(
            new A2cEvaluationPolicy(a2c),
            FixedPolicy.deviceOnly(),
            FixedPolicy.serverOnly(),
            new NeurosurgeonPolicy(),
            PlannerPolicy.greedy(seed),
            new RandomPolicy(seed),
            PlannerPolicy.oracle(seed));
    Map<String, RunResult> results = new LinkedHashMap<>();
    for (Policy p : policies) {
      results.put(p.name(), RunResult.of(seed, trace.name(), run(emulator, p, seed)));
    }
    List<RunResult> statics = new ArrayList<>();
    List<String> names = new ArrayList<>();
    float[] state = new float[emulator.stateSize()];
    emulator.reset(seed, state);
    PlanTable table = emulator.table();
    for (int k : table.configurations()) {
      for (int s = 0; s < PlanTable.SKIPS.length; s++) {
        String name = table.plan(k, s).configId();
        statics.add(
            RunResult.of(seed, trace.name(), run(emulator, FixedPolicy.of(name, k, s), seed)));
        names.add(name);
      }
    }
    return new SeedRuns(results, statics, names);
  }

  private RunMetrics run(Emulator emulator, Policy policy, long seed) {
    float[] state = new float[emulator.stateSize()];
    int[] action = new int[emulator.actionSpace().size()];
    emulator.reset(seed, state);
    policy.start(emulator);
    RunMetrics metrics = new RunMetrics();
    for (int t = 0; t < steps; t++) {
      policy.act(emulator, state, action);
      Step step = emulator.step(action, state);
      metrics.add(step);
    }
    return metrics;
  }

  public String device() {
    return device;
  }

  public int seeds() {
    return seeds;
  }

  public int steps() {
    return steps;
  }

  public List<LinkTrace> traces() {
    return traces;
  }
}
