package io.inferedge.policy.evaluation;

import io.inferedge.policy.environment.Emulator;

/**
 * A policy under evaluation: decides each window's action on the emulator. Baselines may look at
 * the emulator's internals to the extent their definition allows (the oracle at the true coming
 * conditions, the greedy planner at the stream's estimates); the A2C policy sees only the state.
 * Not thread-safe: one instance per run.
 */
interface Policy {

  /** The name in the report, e.g. {@code greedy}. */
  String name();

  /** Called after the emulator is reset for a run. */
  default void start(Emulator emulator) {}

  /** Writes the action for the coming window. */
  void act(Emulator emulator, float[] state, int[] action);
}
