package io.inferedge.policy.environment;

/**
 * What one {@link Environment#step} produced.
 *
 * @param reward the reward of the step
 * @param terminated the episode reached a terminal state: do not bootstrap from it
 * @param truncated the episode was cut by a time limit: bootstrap from the final state
 * @param outcome what happened to the stream's frames during the step, or {@link Outcome#NONE} for
 *     environments without frames (toy tasks)
 */
public record Step(double reward, boolean terminated, boolean truncated, Outcome outcome) {

  /** True when the episode is over for either reason. */
  public boolean done() {
    return terminated || truncated;
  }
}
