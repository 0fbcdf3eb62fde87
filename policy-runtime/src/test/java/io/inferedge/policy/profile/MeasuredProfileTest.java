package io.inferedge.policy.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The profile the profiler measured through the serving path ({@code bin/infer-edge-profile}) and
 * the emulator uses by default: every version measured, and the spreads the policy chooses between
 * are there (accuracy across versions and resolutions, compute across versions, bytes across cuts).
 */
class MeasuredProfileTest {

  private final Profile measured = Profile.measured();

  @Test
  void everyVersionOfTheZooIsMeasuredAtEveryCutAndResolution() {
    assertThat(measured.modelNames()).containsExactly("nano", "small", "medium", "large");
    for (ModelProfile m : measured.models()) {
      assertThat(m.source()).isEqualTo(Sources.MEASURED);
      assertThat(m.accuracySource()).isEqualTo(Sources.MEASURED);
      assertThat(m.configurations()).hasSize((m.blocks() + 1) * measured.resolutions().size());
      assertThat(m.configurations())
          .allSatisfy(c -> assertThat(c.latencySource()).isEqualTo(Sources.MEASURED));
    }
  }

  @Test
  void theTradeOffsSpreadAcrossVersionsResolutionsAndCuts() {
    ModelProfile nano = measured.model("nano");
    ModelProfile large = measured.model("large");
    double nanoBest = nano.accuracy(Profile.CALM, 48);
    double largeBest = large.accuracy(Profile.CALM, 48);
    assertThat(largeBest - nanoBest).as("large over nano at 48 px").isGreaterThan(0.05);
    assertThat(large.accuracy(Profile.CALM, 48) - large.accuracy(Profile.CALM, 24))
        .as("large loses accuracy at 24 px")
        .isGreaterThan(0.02);

    double nanoDevice = nano.configuration(nano.blocks(), 64).deviceMicros().p50();
    double largeDevice = large.configuration(large.blocks(), 64).deviceMicros().p50();
    assertThat(largeDevice).as("large device-only at 64 px").isGreaterThan(2 * nanoDevice);

    // cut 0 sends the resized frame as float32; a split sends the block's activation
    assertThat(large.configuration(0, 64).bytesSent()).isEqualTo(64 * 64 * 4);
    assertThat(large.configuration(0, 24).bytesSent()).isEqualTo(24 * 24 * 4);
    assertThat(large.configuration(1, 64).bytesSent()).isEqualTo(32 * 32 * 48 * 4);
    assertThat(large.configuration(large.blocks(), 64).bytesSent()).isZero();
    assertThat(large.configuration(large.blocks(), 64).serverMicros().none()).isTrue();
    assertThat(large.configuration(2, 64).serverMicros().p50()).isPositive();
  }
}
