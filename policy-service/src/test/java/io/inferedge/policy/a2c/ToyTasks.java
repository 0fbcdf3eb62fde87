package io.inferedge.policy.a2c;

import io.inferedge.policy.environment.ActionSpace;
import io.inferedge.policy.environment.Environment;
import io.inferedge.policy.environment.Outcome;
import io.inferedge.policy.environment.Step;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** One-step tasks whose best policy is known, for learning tests. */
final class ToyTasks {

  private ToyTasks() {}

  /** Two arms; arm 1 pays 1 with probability 0.8, arm 0 with 0.2. One step per episode. */
  static final class Bandit implements Environment {
    private SplittableRandom random;

    @Override
    public ActionSpace actionSpace() {
      return new ActionSpace(List.of(new ActionSpace.Head("arm", List.of("0", "1"))));
    }

    @Override
    public List<String> stateFeatures() {
      return List.of("bias");
    }

    @Override
    public void reset(long seed, float[] state) {
      random = new SplittableRandom(seed);
      state[0] = 1;
    }

    @Override
    public Step step(int[] action, float[] state) {
      double p = action[0] == 1 ? 0.8 : 0.2;
      state[0] = 1;
      return new Step(random.nextDouble() < p ? 1 : 0, true, false, Outcome.NONE);
    }

    @Override
    public void mask(int head, int[] action, boolean[] allowed) {
      Arrays.fill(allowed, true);
    }
  }

  /**
   * A context in {0, 1, 2} shown one-hot (plus noise features); two heads: {@code what} must equal
   * the context (reward 1), {@code parity} must equal its parity (reward 0.5). {@code parity = 1}
   * is masked when {@code what = 2}, so the mask is conditional on the earlier head. One step per
   * episode.
   */
  static final class Contextual implements Environment {
    private SplittableRandom random;
    private int context;
    int maskViolations;

    @Override
    public ActionSpace actionSpace() {
      return new ActionSpace(
          List.of(
              new ActionSpace.Head("what", List.of("0", "1", "2")),
              new ActionSpace.Head("parity", List.of("even", "odd"))));
    }

    @Override
    public List<String> stateFeatures() {
      return List.of("c0", "c1", "c2", "noise");
    }

    @Override
    public void reset(long seed, float[] state) {
      random = new SplittableRandom(seed);
      observe(state);
    }

    private void observe(float[] state) {
      context = random.nextInt(3);
      Arrays.fill(state, 0f);
      state[context] = 1;
      state[3] = (float) random.nextGaussian();
    }

    int context() {
      return context;
    }

    @Override
    public Step step(int[] action, float[] state) {
      if (action[0] == 2 && action[1] == 1) {
        maskViolations++;
      }
      double reward = (action[0] == context ? 1 : 0) + (action[1] == context % 2 ? 0.5 : 0);
      return new Step(reward, true, false, Outcome.NONE);
    }

    /** For the next episode a new context: the trainer resets, which draws it. */
    @Override
    public void mask(int head, int[] action, boolean[] allowed) {
      Arrays.fill(allowed, true);
      if (head == 1 && action[0] == 2) {
        allowed[1] = false;
      }
    }
  }
}
