package io.inferedge.inference.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferedge.contracts.Plan;
import io.inferedge.inference.model.ModelManifest;
import io.inferedge.inference.model.PlanNotSupportedException;
import io.inferedge.support.web.BadRequestException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanValidationTest {

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
          Map.of());

  @Test
  void runsPlansThatKeepEveryBlockOnTheDevice() {
    assertThatCode(() -> PlanExecutor.requireDeviceOnly(SMALL, Plan.parse("small/c4/r24/s2")))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesSplitPlansUntilSplitExecutionExists() {
    for (String plan : List.of("small/c0/r64/s1", "small/c2/r64/s1")) {
      assertThatThrownBy(() -> PlanExecutor.requireDeviceOnly(SMALL, Plan.parse(plan)))
          .isInstanceOfSatisfying(
              PlanNotSupportedException.class, e -> assertThat(e.field()).isEqualTo("plan"))
          .hasMessageContaining(plan)
          .hasMessageContaining("use cut 4");
    }
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
  }
}
