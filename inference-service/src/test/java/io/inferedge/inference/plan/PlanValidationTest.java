package io.inferedge.inference.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferedge.contracts.Plan;
import io.inferedge.inference.InferenceProperties;
import io.inferedge.inference.model.ModelManifest;
import io.inferedge.inference.model.PlanNotSupportedException;
import io.inferedge.support.web.BadRequestException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanValidationTest {

  private static final ModelManifest.CutPoint CUT_2 =
      new ModelManifest.CutPoint(
          2, "head_2", "tail_2", "activation", Map.of(64, List.of(1, 16, 16, 24)), Map.of());

  private static final ModelManifest SMALL =
      new ModelManifest(
          "small",
          4,
          List.of(0, 2, 4),
          "frames",
          "probabilities",
          64,
          Collections.nCopies(10, "class"),
          50_000,
          Map.of(),
          List.of(
              CUT_2,
              new ModelManifest.CutPoint(4, "full", null, null, Map.of(64, List.of()), Map.of())));

  @Test
  void mapsCutsToTheSignaturesOfEachTier() {
    assertThat(SMALL.fullSignature()).isEqualTo("full");
    assertThat(SMALL.splitPoint(2)).isEqualTo(CUT_2);
    assertThat(CUT_2.shapeAt(64)).containsExactly(1, 16, 16, 24);
    assertThat(CUT_2.shapeAt(24)).isNull();
  }

  @Test
  void refusesSplitsTheManifestDoesNotDescribe() {
    for (int cut : List.of(0, 4)) {
      assertThatThrownBy(() -> SMALL.splitPoint(cut))
          .isInstanceOfSatisfying(
              PlanNotSupportedException.class, e -> assertThat(e.field()).isEqualTo("plan"))
          .hasMessageContaining("split cuts [2]");
    }
  }

  @Test
  void anEmulatedLinkTakesItsRoundTripPlusTheBytesOverItsBandwidth() {
    var lte = new InferenceProperties.LinkProfile(8.0, 4795, 60, true, null);
    // 60 ms + 16,384 bytes x 8 bit / 8 Mbit/s = 60 ms + 16.384 ms
    assertThat(PlanExecutor.linkNanos(lte, 16_384)).isEqualTo(76_384_000L);
    assertThat(PlanExecutor.linkNanos(lte, 0)).isEqualTo(60_000_000L);
  }

  @Test
  void aLinkThatIsNotEmulatedNeedsNoBandwidth() {
    var none = new InferenceProperties.LinkProfile(null, 0, 0, false, null);
    assertThat(none.emulated()).isFalse();
    assertThatThrownBy(() -> new InferenceProperties.LinkProfile(null, 0, 0, true, null))
        .hasMessageStartingWith("bandwidthMbps");
    assertThatThrownBy(() -> new InferenceProperties.DeviceProfile(1, 2, 0.5))
        .hasMessageStartingWith("slowdown");
  }

  @Test
  void blamesEveryFaultInThePlanTextOnThePlanField() {
    for (String text : List.of("nano", "nano/c3/r65/s1", "nano/c3/r64/s3", "Nano/c3/r64/s1")) {
      assertThatThrownBy(() -> InferenceController.parsePlan(text))
          .isInstanceOfSatisfying(
              BadRequestException.class, e -> assertThat(e.field()).isEqualTo("plan"));
    }
    assertThat(InferenceController.parsePlan("nano/c3/r48/s1"))
        .isEqualTo(new Plan("nano", 3, 48, 1));
    assertThat(InferenceController.parsePlan("nano/c1/r48/s1/q8").precision())
        .isEqualTo(Plan.Precision.INT8);
  }
}
