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

/**
 * Loads the real zoo from {@code ../models} (the repo's trained models) and broken copies of its
 * nano model ({@link BrokenZoo}): a broken model is recorded, naming the file, and the others load.
 */
class ModelRegistryTest {

  static final Path ZOO = BrokenZoo.MODELS;

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
  void recordsTheSignatureWhoseKeysDoNotMatchTheManifest(@TempDir Path dir) throws IOException {
    Path copy = BrokenZoo.copyNano(dir, "nano");
    Files.writeString(
        copy.resolve("manifest.json"),
        Files.readString(copy.resolve("manifest.json"))
            .replace("\"tensor\": \"activation\"", "\"tensor\": \"features\""));

    ModelLoadFailure failure = loadFailure(dir, "nano");

    assertThat(failure.file()).isEqualTo(absolute(copy.resolve("saved_model.pb")));
    assertThat(failure.reason())
        .contains("manifest names output 'features' but the head_1 signature has")
        .contains("activation");
  }

  @Test
  void keepsTheOtherModelsWhenOneSavedModelIsTruncated(@TempDir Path dir) throws IOException {
    BrokenZoo.copyNano(dir, "nano");
    Path savedModel = BrokenZoo.truncateSavedModel(BrokenZoo.copyNano(dir, "corrupt"));

    try (ModelRegistry registry = ModelRegistry.load(dir, 1, Duration.ofSeconds(1))) {
      LoadedModel nano = registry.resolve(Plan.parse("nano/c3/r32/s1"));
      float[] scores;
      try (PredictorLease lease = nano.acquire()) {
        scores = lease.predict(new GreyFrame(32, new float[32 * 32]));
      }
      assertThat(scores).hasSize(10);
      assertThat(registry.models()).extracting(m -> m.manifest().name()).containsExactly("nano");
      assertThat(registry.find("corrupt")).isNull();
      assertThat(registry.allLoaded()).isFalse();
      assertThat(registry.failures()).containsOnlyKeys("corrupt");
      ModelLoadFailure failure = registry.failures().get("corrupt");
      assertThat(failure.model()).isEqualTo("corrupt");
      assertThat(failure.file()).isEqualTo(savedModel);
      assertThat(failure.reason()).contains("model corrupt: cannot read the signatures of");

      assertThatThrownBy(() -> registry.resolve(Plan.parse("corrupt/c3/r32/s1")))
          .isInstanceOfSatisfying(
              ModelNotLoadedException.class,
              e -> {
                assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                assertThat(e.field()).isNull();
              })
          .hasMessageContaining("'corrupt'")
          .hasMessageContaining(savedModel.toString());
      assertThatThrownBy(() -> registry.resolve(Plan.parse("huge/c3/r32/s1")))
          .isInstanceOf(ModelNotFoundException.class);
    }
  }

  @Test
  void recordsAGarbageSavedModel(@TempDir Path dir) throws IOException {
    Path copy = BrokenZoo.copyNano(dir, "nano");
    Files.write(copy.resolve("saved_model.pb"), "not a protocol buffer\n".repeat(100).getBytes());

    ModelLoadFailure failure = loadFailure(dir, "nano");

    assertThat(failure.file()).isEqualTo(absolute(copy.resolve("saved_model.pb")));
    assertThat(failure.reason()).contains("cannot read the signatures of");
  }

  @Test
  void recordsAMissingVariablesDirectory(@TempDir Path dir) throws IOException {
    Path copy = BrokenZoo.copyNano(dir, "nano");
    try (var files = Files.list(copy.resolve("variables"))) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(copy.resolve("variables"));

    ModelLoadFailure failure = loadFailure(dir, "nano");

    assertThat(failure.file()).isEqualTo(absolute(copy.resolve("variables")));
    assertThat(failure.reason()).contains("does not exist");
  }

  @Test
  void recordsAManifestThatIsNotJson(@TempDir Path dir) throws IOException {
    Path copy = BrokenZoo.copyNano(dir, "nano");
    Files.writeString(copy.resolve("manifest.json"), "{\"name\": \"nano\", \"blocks\": ");

    ModelLoadFailure failure = loadFailure(dir, "nano");

    assertThat(failure.file()).isEqualTo(absolute(copy.resolve("manifest.json")));
    assertThat(failure.reason()).startsWith("model nano: invalid");
  }

  @Test
  void recordsAManifestNamingASignatureTheSavedModelLacks(@TempDir Path dir) throws IOException {
    Path copy = BrokenZoo.copyNano(dir, "nano");
    Files.writeString(
        copy.resolve("manifest.json"),
        Files.readString(copy.resolve("manifest.json"))
            .replace("\"device\": \"head_2\"", "\"device\": \"head_9\""));

    ModelLoadFailure failure = loadFailure(dir, "nano");

    assertThat(failure.file()).isEqualTo(absolute(copy.resolve("saved_model.pb")));
    assertThat(failure.reason()).contains("head_9");
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
  void recordsAnInvalidManifest(@TempDir Path dir) throws IOException {
    Path nano = Files.createDirectory(dir.resolve("nano"));
    Files.writeString(nano.resolve("manifest.json"), NANO_MANIFEST.replace("[3]", "[9]"));

    ModelLoadFailure failure = loadFailure(dir, "nano");

    assertThat(failure.file()).isEqualTo(absolute(nano.resolve("manifest.json")));
    assertThat(failure.reason()).startsWith("model nano: invalid").contains("cuts");
  }

  @Test
  void recordsAManifestNamingAnotherModel(@TempDir Path dir) throws IOException {
    Path other = Files.createDirectory(dir.resolve("other"));
    Files.writeString(other.resolve("manifest.json"), NANO_MANIFEST);

    ModelLoadFailure failure = loadFailure(dir, "other");

    assertThat(failure.file()).isEqualTo(absolute(other.resolve("manifest.json")));
    assertThat(failure.reason()).contains("holds a manifest for 'nano'");
  }

  @Test
  void recordsAMissingSavedModel(@TempDir Path dir) throws IOException {
    Path nano = Files.createDirectory(dir.resolve("nano"));
    Files.writeString(nano.resolve("manifest.json"), NANO_MANIFEST);

    ModelLoadFailure failure = loadFailure(dir, "nano");

    assertThat(failure.file()).isEqualTo(absolute(nano.resolve("saved_model.pb")));
    assertThat(failure.reason())
        .isEqualTo(
            "model nano: the SavedModel file "
                + absolute(nano.resolve("saved_model.pb"))
                + " does not exist");
  }

  @Test
  void recordsManifestKeysThatDoNotMatchTheSignature(@TempDir Path dir) throws IOException {
    Path copy = BrokenZoo.copyNano(dir, "nano");
    Files.writeString(
        copy.resolve("manifest.json"),
        Files.readString(copy.resolve("manifest.json")).replace("\"frames\"", "\"pixels\""));

    ModelLoadFailure failure = loadFailure(dir, "nano");

    assertThat(failure.file()).isEqualTo(absolute(copy.resolve("saved_model.pb")));
    assertThat(failure.reason()).contains("manifest names input 'pixels'").contains("frames");
  }

  /**
   * Loads the zoo in {@code dir}, which must start with {@code model} failed and nothing loaded,
   * and returns the failure.
   */
  private static ModelLoadFailure loadFailure(Path dir, String model) {
    try (ModelRegistry registry = ModelRegistry.load(dir, 1, Duration.ofSeconds(1))) {
      assertThat(registry.models()).isEmpty();
      assertThat(registry.allLoaded()).isFalse();
      assertThat(registry.failures()).containsOnlyKeys(model);
      assertThatThrownBy(() -> registry.resolve(Plan.parse(model + "/c3/r32/s1")))
          .isInstanceOf(ModelNotLoadedException.class)
          .hasMessageContaining(registry.failures().get(model).file().toString());
      return registry.failures().get(model);
    }
  }

  private static Path absolute(Path path) {
    return path.toAbsolutePath().normalize();
  }
}
