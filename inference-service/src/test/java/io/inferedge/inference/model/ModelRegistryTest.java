package io.inferedge.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.inferedge.contracts.Plan;
import io.inferedge.inference.frame.GreyFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

/** Loads the real zoo from {@code ../models} (the repo's trained models) and broken ones. */
class ModelRegistryTest {

  static final Path ZOO = Path.of("..", "models");

  private static final String NANO_MANIFEST =
      """
      {"name":"nano","blocks":3,"cuts":[3],"inputKey":"frames","outputKey":"probabilities",
       "frameSide":64,"classes":["a","b","c","d","e","f","g","h","i","j"],"parameters":1}
      """;

  @Test
  void loadsTheNanoModelAndPredictsProbabilities() {
    try (ModelRegistry registry = ModelRegistry.load(ZOO, 2, Duration.ofSeconds(1))) {
      assertThat(registry.allLoaded()).isTrue();
      LoadedModel nano = registry.resolve(Plan.parse("nano/c3/r32/s1"));
      assertThat(nano.predictors()).isEqualTo(2);

      float[] pixels = new float[32 * 32];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (i % 32) / 31f;
      }
      float[] scores;
      try (PredictorLease lease = nano.acquire()) {
        scores = lease.predict(new GreyFrame(32, pixels));
      }

      assertThat(scores).hasSize(10);
      double sum = 0;
      for (float s : scores) {
        assertThat(s).isBetween(0f, 1f);
        sum += s;
      }
      assertThat(sum).isCloseTo(1.0, within(1e-3));
      assertThat(nano.availablePredictors()).isEqualTo(2);
    }
  }

  @Test
  void loadsEverySignatureOfEveryModelOnce() {
    try (ModelRegistry registry = ModelRegistry.load(ZOO, 1, Duration.ofSeconds(1))) {
      LoadedModel small = registry.find("small");
      assertThat(small.signatures())
          .containsExactlyInAnyOrder(
              "full", "head_1", "tail_1", "head_2", "tail_2", "head_3", "tail_3");
      assertThat(registry.find("nano").signatures())
          .containsExactlyInAnyOrder("full", "head_1", "tail_1", "head_2", "tail_2");
      assertThat(registry.find("huge")).isNull();

      Tensor activation;
      try (PredictorLease head = small.acquire("head_2")) {
        activation = head.run(new Tensor(new float[48 * 48], new int[] {1, 48, 48, 1}));
      }
      assertThat(activation.shape()).containsExactly(small.manifest().splitPoint(2).shapeAt(48));
      Tensor probabilities;
      try (PredictorLease tail = small.acquire("tail_2")) {
        probabilities = tail.run(Tensor.stack(List.of(activation, activation)));
      }
      assertThat(probabilities.shape()).containsExactly(2, 10);
    }
  }

  @Test
  void failsNamingTheSignatureWhoseKeysDoNotMatchTheManifest(@TempDir Path dir) throws IOException {
    Path copy = Files.createDirectory(dir.resolve("nano"));
    copyTree(ZOO.resolve("nano"), copy);
    Files.writeString(
        copy.resolve("manifest.json"),
        Files.readString(copy.resolve("manifest.json"))
            .replace("\"tensor\": \"activation\"", "\"tensor\": \"features\""));

    assertThatThrownBy(() -> ModelRegistry.load(dir, 1, Duration.ofSeconds(1)))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("manifest names output 'features' but the head_1 signature has")
        .hasMessageContaining("activation");
  }

  @Test
  void refusesUnknownModelsAndCutsTheModelDoesNotHave() {
    try (ModelRegistry registry = ModelRegistry.load(ZOO, 1, Duration.ofSeconds(1))) {
      assertThatThrownBy(() -> registry.resolve(Plan.parse("huge/c3/r64/s1")))
          .isInstanceOfSatisfying(
              ModelNotFoundException.class,
              e -> {
                assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
                assertThat(e.field()).isEqualTo("plan");
              })
          .hasMessageContaining("'huge'")
          .hasMessageContaining("nano");
      assertThatThrownBy(() -> registry.resolve(Plan.parse("nano/c7/r64/s1")))
          .isInstanceOf(PlanNotSupportedException.class);
    }
  }

  @Test
  void isNotReadyAfterClose() {
    ModelRegistry registry = ModelRegistry.load(ZOO, 1, Duration.ofSeconds(1));
    registry.close();

    assertThat(registry.allLoaded()).isFalse();
  }

  @Test
  void failsWhenTheDirectoryDoesNotExist(@TempDir Path dir) {
    assertThatThrownBy(() -> ModelRegistry.load(dir.resolve("absent"), 1, Duration.ofSeconds(1)))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("absent")
        .hasMessageContaining("infer-edge.inference.model-dir");
  }

  @Test
  void anEmptyZooLoadsButIsNotReady(@TempDir Path dir) throws IOException {
    Files.createDirectory(dir.resolve("not-a-model"));

    try (ModelRegistry registry = ModelRegistry.load(dir, 1, Duration.ofSeconds(1))) {
      assertThat(registry.models()).isEmpty();
      assertThat(registry.allLoaded()).isFalse();
      assertThatThrownBy(() -> registry.resolve(Plan.parse("nano/c3/r64/s1")))
          .isInstanceOf(ModelNotFoundException.class)
          .hasMessageContaining("no models");
    }
  }

  @Test
  void failsOnAnInvalidManifest(@TempDir Path dir) throws IOException {
    Path nano = Files.createDirectory(dir.resolve("nano"));
    Files.writeString(nano.resolve("manifest.json"), NANO_MANIFEST.replace("[3]", "[9]"));

    assertThatThrownBy(() -> ModelRegistry.load(dir, 1, Duration.ofSeconds(1)))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith("model nano: invalid")
        .hasMessageContaining("cuts");
  }

  @Test
  void failsWhenTheManifestNamesAnotherModel(@TempDir Path dir) throws IOException {
    Path other = Files.createDirectory(dir.resolve("other"));
    Files.writeString(other.resolve("manifest.json"), NANO_MANIFEST);

    assertThatThrownBy(() -> ModelRegistry.load(dir, 1, Duration.ofSeconds(1)))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("holds a manifest for 'nano'");
  }

  @Test
  void failsWhenTheSavedModelIsMissing(@TempDir Path dir) throws IOException {
    Path nano = Files.createDirectory(dir.resolve("nano"));
    Files.writeString(nano.resolve("manifest.json"), NANO_MANIFEST);

    assertThatThrownBy(() -> ModelRegistry.load(dir, 1, Duration.ofSeconds(1)))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith(
            "model nano: cannot load signature serving_default of the SavedModel in "
                + nano.toAbsolutePath());
  }

  @Test
  void failsWhenTheManifestKeysDoNotMatchTheSignature(@TempDir Path dir) throws IOException {
    Path copy = Files.createDirectory(dir.resolve("nano"));
    copyTree(ZOO.resolve("nano"), copy);
    Files.writeString(
        copy.resolve("manifest.json"),
        Files.readString(copy.resolve("manifest.json")).replace("\"frames\"", "\"pixels\""));

    assertThatThrownBy(() -> ModelRegistry.load(dir, 1, Duration.ofSeconds(1)))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("manifest names input 'pixels'")
        .hasMessageContaining("frames");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
