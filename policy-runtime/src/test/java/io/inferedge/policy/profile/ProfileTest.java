package io.inferedge.policy.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProfileTest {

  @Test
  void theFixtureCarriesNanosMeasuredFiguresAndLabelsTheRest() {
    Profile fixture = Profile.fixture();
    ModelProfile nano = fixture.model("nano");
    assertThat(nano.parameters()).isEqualTo(6218);
    assertThat(nano.accuracySource()).isEqualTo(Sources.MEASURED);
    assertThat(nano.accuracy(Profile.CALM, 48)).isEqualTo(0.7495);
    // The frame goes to the server as float32 at cut 0, as the zoo's serving path sends it.
    assertThat(nano.configuration(0, 64).bytesSent()).isEqualTo(64 * 64 * 4);
    assertThat(fixture.model("large").accuracySource()).isEqualTo(Sources.EMULATED);
    assertThat(fixture.modelNames()).containsExactly("nano", "small", "medium", "large");
    assertThat(fixture.maxBlocks()).isEqualTo(5);
    // Every (cut, resolution) of every model is there, with a measured latency.
    for (ModelProfile m : fixture.models()) {
      assertThat(m.configurations()).hasSize((m.blocks() + 1) * 4);
      assertThat(m.configurations()).allMatch(c -> c.latencySource().equals(Sources.MEASURED));
    }
    assertThat(fixture.devices())
        .extracting(DeviceProfile::name)
        .containsExactly(
            "host", "jetson-tx2", "jetson-nano", "jetson-xavier-nx", "jetson-orin-nano");
    assertThat(fixture.links()).extracting(LinkProfile::name).containsExactly("wifi-20", "lte-8");
  }

  @Test
  void aBadProfileIsRejectedNamingTheField() throws Exception {
    String fixture;
    try (var in = Profile.class.getResourceAsStream(Profile.FIXTURE_RESOURCE)) {
      fixture = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThatThrownBy(
            () -> read(fixture.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("formatVersion must be 1");
    assertThatThrownBy(() -> read(fixture.replace("\"slowdown\" : 15.0", "\"slowdown\" : -1")))
        .hasMessageContaining("slowdown must be a finite number > 0");
    assertThatThrownBy(() -> read(fixture.replace("\"framesPerSecond\" : 15.0,", "")))
        .hasMessageContaining("framesPerSecond");
  }

  private static Profile read(String json) {
    return Profile.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void latencyQuantilesGiveTheLogNormal() {
    LatencyDistribution d = new LatencyDistribution(100, 200, 400);
    assertThat(d.logMedian()).isEqualTo(Math.log(200));
    assertThat(d.logSpread())
        .isCloseTo(
            Math.log(4) / (2 * 1.2815515655446004), org.assertj.core.api.Assertions.within(1e-12));
    assertThatThrownBy(() -> new LatencyDistribution(300, 200, 400))
        .hasMessageContaining("p10, p50, p90 must satisfy");
  }
}
