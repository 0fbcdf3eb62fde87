package io.inferedge.policy.a2c;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent learns, from a fixed seed, within a stated number of steps. SB3 defaults throughout,
 * except the discount: these tasks are one step long, so gamma does not matter.
 */
class A2cLearningTest {

  @Test
  void learnsATwoArmedBanditWithin20000Steps() {
    HyperParameters hp = HyperParameters.sb3Defaults(20_000, 7);
    try (A2cTrainer trainer = new A2cTrainer(i -> new ToyTasks.Bandit(), hp, line -> {}, 1e9)) {
      A2cTrainer.TrainingRun run = trainer.train();
      double[] p = new double[2];
      int[] action = new int[1];
      run.policy()
          .decide(new float[] {1}, (h, a, allowed) -> allowed[0] = allowed[1] = true, action, p);
      assertThat(action[0]).isEqualTo(1);
      assertThat(p[1]).isGreaterThan(0.9);
      assertThat(run.steps()).isBetween(20_000L, 20_000L + hp.environments() * hp.steps());
    }
  }

  @Test
  void learnsAContextualTaskWithConditionalMasksWithin60000Steps() {
    HyperParameters hp = HyperParameters.sb3Defaults(60_000, 11);
    List<ToyTasks.Contextual> envs = new ArrayList<>();
    try (A2cTrainer trainer =
        new A2cTrainer(
            i -> {
              var env = new ToyTasks.Contextual();
              envs.add(env);
              return env;
            },
            hp,
            line -> {},
            1e9)) {
      A2cTrainer.TrainingRun run = trainer.train();
      A2cPolicy policy = run.policy();
      var probe = new ToyTasks.Contextual();
      for (int context = 0; context < 3; context++) {
        float[] state = {0, 0, 0, 0.3f};
        state[context] = 1;
        int[] action = new int[2];
        double[] p = new double[5];
        policy.decide(state, probe::mask, action, p);
        assertThat(action[0]).as("what for context %d", context).isEqualTo(context);
        assertThat(action[1]).as("parity for context %d", context).isEqualTo(context % 2);
        assertThat(p[context]).as("P(what = %d)", context).isGreaterThan(0.8);
      }
      // The masked combination was never drawn while training.
      assertThat(envs).allSatisfy(env -> assertThat(env.maskViolations).isZero());
    }
  }
}
