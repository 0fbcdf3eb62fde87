package io.inferedge.policy.a2c;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferedge.policy.environment.ActionSpace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The actor exported to plain Java arrays computes what the TensorFlow graph computes. */
class ActorExportTest {

  private final ActionSpace space =
      new ActionSpace(
          List.of(
              new ActionSpace.Head("a", List.of("0", "1", "2")),
              new ActionSpace.Head("b", List.of("x", "y"))));

  @Test
  void plainJavaLogitsMatchTheGraphsAfterTraining(@TempDir Path dir) throws Exception {
    HyperParameters hp = HyperParameters.sb3Defaults(1, 5);
    try (ActorCritic network = new ActorCritic(6, space, hp)) {
      SplittableRandom random = new SplittableRandom(9);
      int batch = 8;
      float[] states = new float[batch * 6];
      for (int i = 0; i < states.length; i++) {
        states[i] = (float) random.nextGaussian();
      }
      // A few updates so that the weights are not the initial ones.
      float[] chosen = new float[batch * 5];
      float[] masks = new float[batch * 5];
      java.util.Arrays.fill(masks, 1f);
      float[] advantages = new float[batch];
      float[] returns = new float[batch];
      for (int b = 0; b < batch; b++) {
        chosen[b * 5 + b % 3] = 1;
        chosen[b * 5 + 3 + b % 2] = 1;
        advantages[b] = b % 2 == 0 ? 1 : -1;
        returns[b] = b;
      }
      for (int u = 0; u < 20; u++) {
        network.train(states, chosen, masks, advantages, returns, batch);
      }
      float[] logits = new float[batch * 5];
      float[] values = new float[batch];
      network.forward(states, batch, logits, values);

      ActorNetwork plain = new ActorNetwork(network.actorLayers());
      for (int b = 0; b < batch; b++) {
        float[] state = java.util.Arrays.copyOfRange(states, b * 6, b * 6 + 6);
        float[] mine = plain.logits(state);
        for (int i = 0; i < 5; i++) {
          assertThat(mine[i]).isCloseTo(logits[b * 5 + i], within(1e-5f));
        }
      }
      network.exportActor(dir.resolve("actor"));
      assertThat(Files.exists(dir.resolve("actor").resolve("saved_model.pb"))).isTrue();
    }
  }

  @Test
  void theFastTanhIsTanhToFloatPrecision() {
    for (double x = -12; x <= 12; x += 1e-3) {
      assertThat((double) ActorNetwork.tanh((float) x)).isCloseTo(Math.tanh(x), within(5e-7));
    }
  }

  @Test
  void maskedChoicesGetNoProbability() {
    double[] p = new double[5];
    int[] action = new int[2];
    MaskedHeads.choose(
        new float[] {5, 1, 0, 3, 0},
        space,
        (head, chosen, allowed) -> {
          java.util.Arrays.fill(allowed, true);
          if (head == 0) {
            allowed[0] = false;
          }
        },
        null,
        action,
        null,
        p);
    assertThat(action).containsExactly(1, 0);
    assertThat(p[0]).isZero();
    assertThat(p[1] + p[2]).isCloseTo(1, within(1e-12));
    assertThat(p[1]).isCloseTo(Math.exp(1) / (Math.exp(1) + 1), within(1e-12));
  }
}
