package io.inferedge.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import org.junit.jupiter.api.Test;

class DefaultPlanPolicyTest {

  private final Plan plan = new Plan("small", 1, 32, 2);
  private final DefaultPlanPolicy policy = new DefaultPlanPolicy(plan);

  @Test
  void decidesTheConfiguredPlanWhateverTheStreamAsks() {
    PolicyChoice balanced =
        policy.decide(new DecisionContext("cam-1", StreamRequirements.BALANCED));
    PolicyChoice latencyFirst =
        policy.decide(new DecisionContext("cam-2", StreamRequirements.LATENCY_FIRST));

    assertThat(balanced.plan()).isEqualTo(plan);
    assertThat(balanced.policyVersion()).isEqualTo("default");
    assertThat(latencyFirst).isEqualTo(balanced);
  }

  @Test
  void needsAPlanAndAContext() {
    assertThatNullPointerException().isThrownBy(() -> new DefaultPlanPolicy(null));
    assertThatNullPointerException().isThrownBy(() -> policy.decide(null));
  }
}
