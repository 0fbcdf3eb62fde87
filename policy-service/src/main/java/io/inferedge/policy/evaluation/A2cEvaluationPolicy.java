package io.inferedge.policy.evaluation;

import io.inferedge.policy.a2c.A2cPolicy;
import io.inferedge.policy.environment.Emulator;

/**
 * The trained actor, deterministic (each head's most probable allowed choice), seeing only the
 * state vector and the masks. Thread-safe as {@link A2cPolicy}.
 */
final class A2cEvaluationPolicy implements Policy {

  private final A2cPolicy policy;

  A2cEvaluationPolicy(A2cPolicy policy) {
    this.policy = policy;
  }

  @Override
  public String name() {
    return "a2c";
  }

  @Override
  public void act(Emulator emulator, float[] state, int[] action) {
    policy.decide(state, emulator::mask, action, null);
  }
}
