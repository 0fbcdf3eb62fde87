package io.inferedge.policy.a2c;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferedge.contracts.PolicyPublished;
import io.inferedge.policy.environment.ActionSpace;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Training can start from an existing actor: the graph takes its weights exactly, a critic-only
 * warm-up leaves them untouched, and actor updates then move them.
 */
class FineTuningStartTest {

  private final ActionSpace space =
      new ActionSpace(
          List.of(
              new ActionSpace.Head("a", List.of("0", "1", "2")),
              new ActionSpace.Head("b", List.of("x", "y"))));

  private List<PolicyPublished.DenseLayer> someActor(HyperParameters hp) {
    try (ActorCritic network = new ActorCritic(6, space, hp)) {
      return network.actorLayers();
    }
  }

  private static void update(ActorCritic network, boolean actorToo) {
    SplittableRandom random = new SplittableRandom(3);
    int batch = 8;
    float[] states = new float[batch * 6];
    for (int i = 0; i < states.length; i++) {
      states[i] = (float) random.nextGaussian();
    }
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
    network.train(states, chosen, masks, advantages, returns, batch, actorToo);
  }

  @Test
  void startsFromTheGivenActorAndKeepsItDuringTheCriticWarmUp() {
    HyperParameters hp = HyperParameters.sb3Defaults(1, 5);
    List<PolicyPublished.DenseLayer> initial = someActor(hp.withLearningRate(1e-3));
    HyperParameters other =
        new HyperParameters(
            7e-4,
            0.99,
            1e-5,
            5,
            0.99,
            1.0,
            0.01,
            0.5,
            0.5,
            16,
            List.of(64, 64),
            true,
            false,
            1,
            99);
    try (ActorCritic network = new ActorCritic(6, space, other, initial)) {
      assertThat(network.actorLayers()).isEqualTo(initial);
      update(network, false);
      assertThat(network.actorLayers()).isEqualTo(initial);
      update(network, true);
      assertThat(network.actorLayers()).isNotEqualTo(initial);
    }
  }

  @Test
  void refusesAnActorOfAnotherShape() {
    HyperParameters hp = HyperParameters.sb3Defaults(1, 5);
    List<PolicyPublished.DenseLayer> initial = someActor(hp);
    HyperParameters narrower =
        new HyperParameters(
            7e-4, 0.99, 1e-5, 5, 0.99, 1.0, 0.0, 0.5, 0.5, 16, List.of(32, 32), true, false, 1, 5);
    assertThatThrownBy(() -> new ActorCritic(6, space, narrower, initial))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initialActor layer 0 must be 6 x 32");
  }
}
