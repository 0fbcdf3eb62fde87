package io.inferedge.policy.a2c;

/**
 * Generalised advantage estimation (Schulman et al. 2016) over a rollout of {@code T} steps of
 * {@code N} environments, exactly as SB3's {@code RolloutBuffer.compute_returns_and_advantage}:
 *
 * <pre>
 *   delta_t = r_t + gamma * V(s_{t+1}) * (1 - done_t) - V(s_t)
 *   A_t     = delta_t + gamma * lambda * (1 - done_t) * A_{t+1}
 *   R_t     = A_t + V(s_t)
 * </pre>
 *
 * where {@code V(s_T)} is the value of the state after the rollout and {@code done_t} means the
 * episode ended at step {@code t} (a truncated episode's bootstrap value is already folded into its
 * reward by the caller, as SB3 does). Arrays are step-major: index {@code t * N + i}. A pure
 * function; stateless.
 */
public final class Gae {

  private Gae() {}

  /**
   * @param rewards {@code T * N}
   * @param values {@code V(s_t)}, {@code T * N}
   * @param dones {@code T * N}
   * @param lastValues {@code V(s_T)}, {@code N}
   * @param advantages receives {@code A_t}, {@code T * N}
   * @param returns receives {@code R_t}, {@code T * N}
   */
  public static void compute(
      float[] rewards,
      float[] values,
      boolean[] dones,
      float[] lastValues,
      double gamma,
      double lambda,
      float[] advantages,
      float[] returns) {
    int n = lastValues.length;
    int steps = rewards.length / n;
    if (steps * n != rewards.length
        || values.length != rewards.length
        || dones.length != rewards.length
        || advantages.length != rewards.length
        || returns.length != rewards.length) {
      throw new IllegalArgumentException(
          "rewards, values, dones, advantages and returns must all hold steps * " + n + " values");
    }
    for (int i = 0; i < n; i++) {
      double next = 0;
      for (int t = steps - 1; t >= 0; t--) {
        int at = t * n + i;
        double nextValue = t == steps - 1 ? lastValues[i] : values[at + n];
        double nonTerminal = dones[at] ? 0 : 1;
        double delta = rewards[at] + gamma * nextValue * nonTerminal - values[at];
        next = delta + gamma * lambda * nonTerminal * next;
        advantages[at] = (float) next;
        returns[at] = (float) (next + values[at]);
      }
    }
  }
}
