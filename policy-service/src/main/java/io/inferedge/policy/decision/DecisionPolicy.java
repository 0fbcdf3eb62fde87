package io.inferedge.policy.decision;

/**
 * Chooses the plan for a stream's next frames. The decision API asks it once per request and logs
 * what it chose; the A2C actor will be one implementation, the configured default plan is another.
 *
 * <p>Implementations must be thread-safe: request threads call {@link #decide} concurrently. Plain
 * Java, so that policies can be evaluated offline without Spring.
 */
public interface DecisionPolicy {

  /**
   * @param context what is known about the stream when deciding
   * @return the plan and the version of the policy that chose it
   */
  PolicyChoice decide(DecisionContext context);
}
