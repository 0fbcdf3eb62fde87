package io.inferedge.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferedge.contracts.Plan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

class ModelManifestTest {

  static final List<String> CLASSES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  static ModelManifest manifest(String name, int blocks, List<Integer> cuts) {
    return new ModelManifest(
        name, blocks, cuts, "frames", "probabilities", 64, CLASSES, 6000, Map.of(64, 0.7));
  }

  @Test
  void readsTheTrainersManifestIgnoringUnknownFields() {
    String json =
        """
        {"name":"nano","blocks":3,"cuts":[3],"inputKey":"frames","outputKey":"probabilities",
         "frameSide":64,"classes":["T-shirt/top","Trouser","Pullover","Dress","Coat","Sandal",
         "Shirt","Sneaker","Bag","Ankle boot"],"parameters":6123,
         "accuracy":{"64":0.71,"24":0.42,"48":0.69,"32":0.6},"trainedAt":"2026-11-26T08:00:00Z",
         "seed":7}
        """;

    ModelManifest manifest = JsonMapper.builder().build().readValue(json, ModelManifest.class);

    assertThat(manifest.name()).isEqualTo("nano");
    assertThat(manifest.blocks()).isEqualTo(3);
    assertThat(manifest.cuts()).containsExactly(3);
    assertThat(manifest.parameters()).isEqualTo(6123);
    assertThat(manifest.className(3)).isEqualTo("Dress");
    assertThat(manifest.accuracy()).containsKeys(24, 32, 48, 64);
    assertThat(manifest.accuracy().keySet()).containsExactly(24, 32, 48, 64);
    assertThat(manifest.accuracy().get(64)).isEqualTo(0.71);
  }

  @Test
  void acceptsOnlyCutsItLists() {
    ModelManifest manifest = manifest("small", 4, List.of(4, 1, 2));

    assertThat(manifest.cuts()).containsExactly(1, 2, 4);
    assertThatCode(() -> manifest.requireCut(Plan.parse("small/c2/r48/s1")))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> manifest.requireCut(Plan.parse("small/c3/r48/s1")))
        .isInstanceOfSatisfying(
            PlanNotSupportedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
              assertThat(e.field()).isEqualTo("plan");
            })
        .hasMessageContaining("small/c3/r48/s1")
        .hasMessageContaining("[1, 2, 4]");
  }

  @Test
  void knowsWhichCutRunsEverythingOnTheDevice() {
    ModelManifest manifest = manifest("small", 4, List.of(0, 2, 4));

    assertThat(manifest.isDeviceOnly(4)).isTrue();
    assertThat(manifest.isDeviceOnly(2)).isFalse();
    assertThat(manifest.isDeviceOnly(0)).isFalse();
  }

  @Test
  void rejectsInconsistentManifests() {
    assertThatThrownBy(() -> manifest("nano", 3, List.of(4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cuts");
    assertThatThrownBy(() -> manifest("nano", 3, List.of())).hasMessageStartingWith("cuts");
    assertThatThrownBy(() -> manifest("nano", 0, List.of(0))).hasMessageStartingWith("blocks");
    assertThatThrownBy(
            () -> new ModelManifest("nano", 3, List.of(3), "frames", "", 64, CLASSES, 1, Map.of()))
        .hasMessageStartingWith("outputKey");
    assertThatThrownBy(
            () ->
                new ModelManifest(
                    "nano", 3, List.of(3), "frames", "probabilities", 64, List.of("a"), 1, null))
        .hasMessageStartingWith("classes");
  }
}
