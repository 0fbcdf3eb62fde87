package io.inferedge.gateway.frame;

import io.inferedge.contracts.Plan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the gateway's decisions by plan part: {@code gateway.decisions}, tagged with the plan's
 * {@code model}, {@code cut}, {@code resolution} and {@code skip} and the decision's {@code source}
 * ({@code in-process}, {@code policy-service}, {@code default}). Every tag is bounded by the plan
 * table and the three sources; no stream or decision id is a tag (docs/metrics.md).
 *
 * <p>A counter is registered the first time its combination is seen and then looked up in a map, so
 * that counting a decision on the frame path costs one map lookup and one increment.
 *
 * <p>Thread-safe.
 */
final class DecisionMeters {

  static final String DECISIONS = "gateway.decisions";

  private record Key(Plan plan, String source) {}

  private final MeterRegistry meters;
  private final ConcurrentHashMap<Key, Counter> counters = new ConcurrentHashMap<>();

  DecisionMeters(MeterRegistry meters) {
    this.meters = meters;
  }

  /** Counts one decision as it was sent to the device tier. */
  void decided(Decision decision) {
    counters
        .computeIfAbsent(new Key(decision.plan(), decision.source()), this::register)
        .increment();
  }

  private Counter register(Key key) {
    Plan plan = key.plan();
    return Counter.builder(DECISIONS)
        .description("Plans the gateway decided and sent to the device tier, by plan part")
        .tag("model", plan.modelVersion())
        .tag("cut", Integer.toString(plan.cutPoint()))
        .tag("resolution", Integer.toString(plan.inputResolution()))
        .tag("skip", Integer.toString(plan.frameSkip()))
        .tag("source", key.source())
        .register(meters);
  }
}
