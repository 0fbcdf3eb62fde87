package io.inferedge.benchmarks;

import io.inferedge.policy.environment.Emulator;
import io.inferedge.policy.environment.EmulatorConfig;
import io.inferedge.policy.environment.Step;
import io.inferedge.policy.profile.Profile;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Emulator steps per second on one thread (target: at least 100,000), with the training
 * configuration (every trace and Jetson, random requirements): random allowed actions (what an
 * untrained policy does; the actions are drawn inside the measurement) and one fixed offloading
 * plan.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class EmulatorBenchmark {

  private Emulator emulator;
  private float[] state;
  private final int[] action = new int[4];
  private final int[] fixed = {3, 0, 0, 0};
  private final boolean[] allowed = new boolean[6];
  private final SplittableRandom random = new SplittableRandom(1);
  private long episodes;

  @Setup
  public void setUp() {
    emulator = new Emulator(EmulatorConfig.training(Profile.measured()));
    state = new float[emulator.stateSize()];
    emulator.reset(episodes++, state);
  }

  @Benchmark
  public double randomActions() {
    for (int h = 0; h < 4; h++) {
      emulator.mask(h, action, allowed);
      int n = emulator.actionSpace().heads().get(h).size();
      int pick;
      do {
        pick = random.nextInt(n);
      } while (!allowed[pick]);
      action[h] = pick;
    }
    return step(action);
  }

  @Benchmark
  public double fixedPlan() {
    return step(fixed);
  }

  private double step(int[] a) {
    Step step = emulator.step(a, state);
    if (step.done()) {
      emulator.reset(episodes++, state);
    }
    return step.reward();
  }
}
