package io.inferedge.policy.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferedge.contracts.StreamRequirements;
import org.junit.jupiter.api.Test;

class RewardTest {

  @Test
  void isTheDocumentedWeightedCombination() {
    StreamRequirements r = StreamRequirements.ACCURACY_FIRST; // 0.2/0.6/0.2, 250 ms, floor 0.75
    double reward = Reward.of(r, 0.75, 125, 0.25, 50, 200, 0.70);
    double expected = 0.6 * 0.75 - 0.2 * 0.5 - 0.2 * 0.25 - 0.5 * 0.25 - 2.0 * 0.05;
    assertThat(reward).isCloseTo(expected, within(1e-12));
  }

  @Test
  void clipsLatencyAndEnergyRatiosAtFour() {
    StreamRequirements r = StreamRequirements.BALANCED;
    double worst = Reward.of(r, 0, 1e9, 1, 1e9, 1, 1);
    assertThat(worst).isCloseTo(-(4.0 / 3 + 4.0 / 3 + 0.5), within(1e-9));
  }
}
