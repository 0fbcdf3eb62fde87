package io.inferedge.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamRequirementsTest {

  @Test
  void theEvaluationProfilesAreValid() {
    assertThat(StreamRequirements.LATENCY_FIRST.latencySlo()).isEqualTo(Duration.ofMillis(100));
    assertThat(StreamRequirements.ACCURACY_FIRST.accuracyFloor()).isEqualTo(0.75);
    assertThat(StreamRequirements.BALANCED.latencyWeight()).isEqualTo(1.0 / 3);
    assertThat(StreamRequirements.ENERGY_FIRST.energyWeight()).isEqualTo(0.6);
  }

  @Test
  void weightsMustSumToOne() {
    assertThatThrownBy(() -> new StreamRequirements(100, 0, 0.5, 0.5, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("latencyWeight + accuracyWeight + energyWeight must be 1, was 1.5");
  }

  @Test
  void eachFieldIsCheckedByName() {
    assertThatThrownBy(() -> new StreamRequirements(0, 0, 0.2, 0.4, 0.4))
        .hasMessageStartingWith("latencySloMillis");
    assertThatThrownBy(() -> new StreamRequirements(100, 1.5, 0.2, 0.4, 0.4))
        .hasMessageStartingWith("accuracyFloor");
    assertThatThrownBy(() -> new StreamRequirements(100, 0, -0.2, 0.6, 0.6))
        .hasMessageStartingWith("latencyWeight");
    assertThatThrownBy(() -> new StreamRequirements(100, 0, 0.2, 0.4, Double.NaN))
        .hasMessageStartingWith("energyWeight");
  }
}
