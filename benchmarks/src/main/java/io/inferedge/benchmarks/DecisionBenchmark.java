package io.inferedge.benchmarks;

import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import io.inferedge.policy.a2c.PolicyArtifact;
import io.inferedge.policy.decision.PolicyChoice;
import io.inferedge.policy.decision.ServingPolicy;
import io.inferedge.policy.decision.StreamState;
import io.inferedge.policy.profile.Profile;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * One in-process decision with the trained actor as plain Java arrays (target: at most 5 us at
 * p50): encode the stream's state, run the 23-64-64-17 actor, choose each head under the profile's
 * masks, and build the probabilities per head. Sample-time mode, so the report gives p50/p90/p99.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class DecisionBenchmark {

  private ServingPolicy policy;
  private StreamState state;
  private io.inferedge.policy.a2c.A2cPolicy actor;
  private final float[] vector = new float[23];

  @Setup
  public void setUp() throws IOException {
    try (InputStream in = DecisionBenchmark.class.getResourceAsStream("/policies/a2c.json")) {
      if (in == null) {
        throw new IllegalStateException("policies/a2c.json is not on the classpath");
      }
      actor = PolicyArtifact.read(in).policy();
      policy = new ServingPolicy(1, actor, Profile.measured());
      for (int i = 0; i < vector.length; i++) {
        vector[i] = 0.1f * i;
      }
    }
    state =
        new StreamState(
            12.5, 11.0, 25, 0.4, "jetson-tx2", 0.3, 0.3, Plan.parse("small/c4/r32/s2"), 4.2, 0);
  }

  @Benchmark
  public PolicyChoice decide() {
    return policy.decide(state, StreamRequirements.BALANCED);
  }

  /** The actor's forward pass alone, on an encoded state: where the time goes. */
  @Benchmark
  public float[] actorForward() {
    return actor.network().logits(vector);
  }
}
