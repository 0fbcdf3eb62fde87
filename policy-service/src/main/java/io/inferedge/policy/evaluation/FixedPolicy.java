package io.inferedge.policy.evaluation;

import io.inferedge.policy.environment.Emulator;
import io.inferedge.policy.environment.PlanTable;
import java.util.function.ToIntFunction;

/**
 * One configuration for every window: device-only (the most accurate configuration, all on the
 * device), server-only (the same model and resolution, cut 0) or any static plan (for the best
 * static configuration in hindsight). Frame skip 1 unless given. Stateless.
 */
final class FixedPolicy implements Policy {

  private final String name;
  private final ToIntFunction<PlanTable> configuration;
  private final int skipIndex;

  FixedPolicy(String name, ToIntFunction<PlanTable> configuration, int skipIndex) {
    this.name = name;
    this.configuration = configuration;
    this.skipIndex = skipIndex;
  }

  /** The most accurate model at its best resolution, every block on the device, every frame. */
  static FixedPolicy deviceOnly() {
    return new FixedPolicy("device-only", PlanTable::mostAccurate, 0);
  }

  /** The most accurate model at its best resolution, the frame sent to the server, every frame. */
  static FixedPolicy serverOnly() {
    return new FixedPolicy(
        "server-only",
        t -> t.index(t.modelOf(t.mostAccurate()), 0, t.resolutionOf(t.mostAccurate())),
        0);
  }

  /** A static plan: configuration index {@code k} of the table, skip {@code SKIPS[skipIndex]}. */
  static FixedPolicy of(String name, int k, int skipIndex) {
    return new FixedPolicy(name, t -> k, skipIndex);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void act(Emulator emulator, float[] state, int[] action) {
    PlanTable t = emulator.table();
    int k = configuration.applyAsInt(t);
    action[0] = t.modelOf(k);
    action[1] = t.cutOf(k);
    action[2] = t.resolutionOf(k);
    action[3] = skipIndex;
  }
}
