package io.inferedge.policy.evaluation;

import io.inferedge.policy.environment.ActionSpace;
import io.inferedge.policy.environment.Emulator;
import java.util.SplittableRandom;

/** Uniform over the allowed choices, head after head. Seeded per run; not thread-safe. */
final class RandomPolicy implements Policy {

  private final long seed;
  private SplittableRandom random;

  RandomPolicy(long seed) {
    this.seed = seed;
  }

  @Override
  public String name() {
    return "random";
  }

  @Override
  public void start(Emulator emulator) {
    random = new SplittableRandom(seed);
  }

  @Override
  public void act(Emulator emulator, float[] state, int[] action) {
    ActionSpace space = emulator.actionSpace();
    boolean[] allowed =
        new boolean[space.heads().stream().mapToInt(ActionSpace.Head::size).max().orElseThrow()];
    for (int h = 0; h < space.size(); h++) {
      int n = space.heads().get(h).size();
      emulator.mask(h, action, allowed);
      int count = 0;
      for (int i = 0; i < n; i++) {
        count += allowed[i] ? 1 : 0;
      }
      int pick = random.nextInt(count);
      for (int i = 0; i < n; i++) {
        if (allowed[i] && pick-- == 0) {
          action[h] = i;
          break;
        }
      }
    }
  }
}
