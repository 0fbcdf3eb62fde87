package io.inferedge.policy.environment;

import java.util.List;

/**
 * A stream's decision process as the agent sees it, the same for the emulator and for the live
 * system: observe a state vector, choose a factored action (one choice per {@link ActionSpace}
 * head, e.g. model, cut, resolution, frame skip), receive a reward and the next state.
 *
 * <p>Buffers are the caller's: {@link #reset} and {@link #step} write the state into the array they
 * are given, so that a vectorised runner allocates nothing per step. Implementations are not
 * thread-safe; use one instance per thread.
 */
public interface Environment {

  /** The factored action: heads in the order in which they are chosen. */
  ActionSpace actionSpace();

  /** Names of the state vector's entries, in order; its length is the state size. */
  List<String> stateFeatures();

  /** Starts an episode from {@code seed} and writes its first state into {@code state}. */
  void reset(long seed, float[] state);

  /**
   * Applies {@code action} (one choice index per head) and writes the next state into {@code
   * state}. When the returned step ends the episode, {@code state} holds the final state (for
   * bootstrapping a truncated episode) and the next call must be {@link #reset}.
   *
   * @throws IllegalArgumentException if the action is not allowed by {@link #mask}
   */
  Step step(int[] action, float[] state);

  /**
   * Which choices of {@code head} are possible in the current state, given the choices already made
   * for the heads before it ({@code action[0..head-1]}). Writes {@code allowed[i]} for every choice
   * {@code i} of the head (the array may be longer; the rest is ignored); at least one is always
   * allowed.
   */
  void mask(int head, int[] action, boolean[] allowed);

  /** The state size. */
  default int stateSize() {
    return stateFeatures().size();
  }
}
