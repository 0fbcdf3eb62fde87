package io.inferedge.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanTest {

  @Test
  void configIdRoundTrips() {
    Plan plan = new Plan("small", 2, 48, 4);

    assertThat(plan.configId()).isEqualTo("small/c2/r48/s4");
    assertThat(Plan.parse(plan.configId())).isEqualTo(plan);
  }

  @Test
  void anInt8PlanCarriesItsPrecisionInTheConfigId() {
    Plan plan = new Plan("small", 2, 48, 1, Plan.Precision.INT8);

    assertThat(plan.configId()).isEqualTo("small/c2/r48/s1/q8");
    assertThat(Plan.parse("small/c2/r48/s1/q8")).isEqualTo(plan);
    assertThat(Plan.parse("small/c2/r48/s1").precision()).isEqualTo(Plan.Precision.FP32);
    assertThat(new Plan("small", 2, 48, 1, null)).isEqualTo(new Plan("small", 2, 48, 1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "small",
        "small/c2/r48",
        "Small/c2/r48/s1",
        "small/c2/r48/s1/x",
        "small/c2/r48/s1/q4",
        "x/c/r48/s1"
      })
  void malformedTextIsRefusedWithTheExpectedShape(String text) {
    assertThatThrownBy(() -> Plan.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("plan must look like model/c<cut>/r<resolution>/s<skip>");
  }

  @Test
  void eachOutOfRangePartIsNamed() {
    assertThatThrownBy(() -> Plan.parse("small/c2/r40/s1"))
        .hasMessage("inputResolution must be one of 24, 32, 48, 64, was 40");
    assertThatThrownBy(() -> Plan.parse("small/c2/r48/s3"))
        .hasMessage("frameSkip must be one of 1, 2, 4, was 3");
    assertThatThrownBy(() -> new Plan("small", -1, 48, 1))
        .hasMessage("cutPoint must be in [0, 16], was -1");
    assertThatThrownBy(() -> new Plan(null, 1, 48, 1)).hasMessageStartingWith("modelVersion");
  }
}
