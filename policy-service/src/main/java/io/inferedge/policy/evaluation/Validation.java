package io.inferedge.policy.evaluation;

import io.inferedge.policy.a2c.A2cPolicy;
import io.inferedge.policy.environment.Emulator;
import io.inferedge.policy.environment.EmulatorConfig;
import io.inferedge.policy.environment.LinkTrace;
import io.inferedge.policy.environment.Step;
import io.inferedge.policy.profile.Profile;
import java.util.List;

/**
 * Model selection during training (what SB3's {@code EvalCallback} does): the deterministic actor's
 * mean reward over the four requirement profiles on the <em>training</em> traces, with fixed
 * validation seeds distinct from the evaluation seeds. Never touches evaluation traces or seeds.
 * Thread-safe (each call builds its own emulators).
 */
final class Validation {

  /** Validation seeds: below {@link Evaluator#FIRST_SEED}, never used by the evaluation. */
  static final long FIRST_SEED = 500_001;

  private static final int SEEDS = 6;
  private static final int STEPS = 500;

  private final Profile profile;
  private final String device;
  private final List<LinkTrace> traces;

  Validation(Profile profile, String device) {
    this.profile = profile;
    this.device = device;
    this.traces = LinkTrace.readClasspath("training");
  }

  double score(A2cPolicy policy) {
    double total = 0;
    for (var requirements : EmulatorConfig.NAMED_REQUIREMENTS) {
      for (int i = 0; i < SEEDS; i++) {
        Emulator emulator =
            new Emulator(
                EmulatorConfig.evaluation(
                    profile, traces.get(i % traces.size()), device, requirements, STEPS));
        float[] state = new float[emulator.stateSize()];
        int[] action = new int[emulator.actionSpace().size()];
        emulator.reset(FIRST_SEED + i, state);
        for (int t = 0; t < STEPS; t++) {
          policy.decide(state, emulator::mask, action, null);
          Step step = emulator.step(action, state);
          total += step.reward();
        }
      }
    }
    return total / (EmulatorConfig.NAMED_REQUIREMENTS.size() * SEEDS * STEPS);
  }
}
