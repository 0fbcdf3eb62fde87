package io.inferedge.policy.a2c;

import io.inferedge.contracts.PolicyPublished;
import io.inferedge.policy.environment.ActionSpace;
import java.util.List;

/**
 * A trained actor ready to decide: plain Java arrays ({@link ActorNetwork}), the state layout it
 * expects and its action heads. Decides the most probable allowed choice of each head, in head
 * order (the deterministic policy SB3 evaluates with). Immutable, thread-safe.
 */
public final class A2cPolicy {

  private final ActorNetwork network;
  private final List<String> stateFeatures;
  private final ActionSpace actionSpace;

  public A2cPolicy(
      List<PolicyPublished.DenseLayer> actor, List<String> stateFeatures, ActionSpace actionSpace) {
    this.network = new ActorNetwork(actor);
    this.stateFeatures = List.copyOf(stateFeatures);
    this.actionSpace = actionSpace;
    if (network.inputs() != stateFeatures.size()) {
      throw new IllegalArgumentException(
          "actor takes "
              + network.inputs()
              + " inputs but there are "
              + stateFeatures.size()
              + " state features");
    }
    if (network.outputs() != actionSpace.totalChoices()) {
      throw new IllegalArgumentException(
          "actor gives "
              + network.outputs()
              + " outputs but the action heads have "
              + actionSpace.totalChoices()
              + " choices");
    }
  }

  /**
   * Decides an action.
   *
   * @param masks the choices allowed per head
   * @param action receives one choice per head
   * @param probabilities if not null, receives each choice's probability under the masks
   */
  public void decide(float[] state, MaskedHeads.Masks masks, int[] action, double[] probabilities) {
    MaskedHeads.choose(
        network.logits(state), actionSpace, masks, null, action, null, probabilities);
  }

  public ActorNetwork network() {
    return network;
  }

  public List<String> stateFeatures() {
    return stateFeatures;
  }

  public ActionSpace actionSpace() {
    return actionSpace;
  }
}
