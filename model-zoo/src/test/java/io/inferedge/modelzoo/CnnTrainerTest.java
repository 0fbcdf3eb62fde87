package io.inferedge.modelzoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Smoke tests of training and export through the real TensorFlow runtime; a few steps each. */
class CnnTrainerTest {

  @TempDir Path dir;

  static List<Item> items;

  @BeforeAll
  static void loadItems() {
    items = FashionMnist.testSubset();
  }

  @Test
  void trainsExportsAndServesProbabilitiesAtAnyResolution() throws IOException {
    List<Frame> frames = frames(new FrameSource(items, 1, 1), 16);
    Path model = dir.resolve("nano");
    float firstLoss;
    float lastLoss = 0;
    try (CnnTrainer trainer = new CnnTrainer(CnnSpec.NANO, 7, 0.01f)) {
      firstLoss = trainer.step(Batches.pixels(frames, 64), 64, Batches.labels(frames));
      for (int i = 0; i < 30; i++) {
        lastLoss = trainer.step(Batches.pixels(frames, 32), 32, Batches.labels(frames));
      }
      trainer.export(model);
    }
    assertThat(lastLoss).as("memorises 16 frames").isLessThan(firstLoss);

    try (SavedModelBundle bundle = SavedModelBundle.load(model.toString(), "serve")) {
      Signature signature = bundle.function("serving_default").signature();
      assertThat(signature.inputNames()).containsExactly("frames");
      assertThat(signature.outputNames()).containsExactly("probabilities");
      for (int side : new int[] {24, 64}) {
        float[][] probabilities = run(bundle, Batches.pixels(frames.subList(0, 5), side), 5, side);
        assertThat(probabilities).hasNumberOfRows(5);
        for (float[] row : probabilities) {
          assertThat(row).hasSize(10);
          double sum = 0;
          for (float p : row) {
            assertThat(p).isBetween(0f, 1f);
            sum += p;
          }
          assertThat(sum).as("at %d px", side).isCloseTo(1.0, within(1e-5));
        }
      }
    }
    assertThat(sizeOf(model)).as("SavedModel bytes").isLessThan(200_000);
  }

  @Test
  void sameSeedGivesTheSameInitialLoss() {
    List<Frame> frames = frames(new FrameSource(items, 2, 1), 8);
    float[] pixels = Batches.pixels(frames, 48);
    float a;
    float b;
    try (CnnTrainer trainer = new CnnTrainer(CnnSpec.NANO, 3, 0.001f)) {
      a = trainer.step(pixels, 48, Batches.labels(frames));
    }
    try (CnnTrainer trainer = new CnnTrainer(CnnSpec.NANO, 3, 0.001f)) {
      b = trainer.step(pixels, 48, Batches.labels(frames));
    }
    assertThat(b).isEqualTo(a);
  }

  @Test
  void trainingRunReplacesTheModelFolderWithModelAndManifest() throws Exception {
    Path out = dir.resolve("models").resolve("nano");
    Files.createDirectories(out);
    Files.writeString(out.resolve("stale.txt"), "from an older run");
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    Manifest manifest =
        Training.run(
            CnnSpec.NANO,
            items.subList(0, 1000),
            items.subList(1000, 2000),
            new Training.Options(out, 4, 8, 0.003f, 99, 40, 2),
            new PrintStream(log, true, StandardCharsets.UTF_8));

    assertThat(out.resolve("stale.txt")).doesNotExist();
    assertThat(out.resolve("saved_model.pb")).isRegularFile();
    assertThat(out.resolve("variables")).isDirectory();
    try (Stream<Path> siblings = Files.list(out.getParent())) {
      assertThat(siblings).as("no staging or old folder left").containsExactly(out);
    }
    assertThat(manifest.accuracy()).containsOnlyKeys(64, 48, 32, 24);
    assertThat(manifest.parameters()).isEqualTo(6218);
    String json = Files.readString(out.resolve("manifest.json"));
    assertThat(json)
        .contains("\"name\": \"nano\"")
        .contains("\"blocks\": 3")
        .contains("\"cuts\": [0, 1, 2, 3]")
        .contains("\"inputKey\": \"frames\"")
        .contains("\"outputKey\": \"probabilities\"")
        .contains("\"frameSide\": 64")
        .contains("\"T-shirt/top\"")
        .contains("\"parameters\": 6218")
        .contains("\"seed\": 99")
        .contains("\"trainingSteps\": 4")
        .contains("\"accuracyFrames\": 40")
        .containsPattern("\"accuracy\": \\{\"64\": [01]\\.\\d{4}, \"48\": [01]\\.\\d{4},")
        .contains("\"accuracySource\": \"" + Manifest.ACCURACY_SOURCE + "\"")
        .contains(
            "\"signatures\": [\"serving_default\", \"full\", \"head_1\", \"tail_1\", \"head_2\",")
        .containsPattern("\"latencyMillis\": \\{\"64\": \\d+\\.\\d{3}, \"48\"");
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("training nano (6218 parameters,")
        .contains("accuracy at 24 px");
    // The manifest's accuracy is the exported model's, measured again here on the same frames.
    Map<Integer, Double> again =
        Training.evaluate(
            out,
            items.subList(1000, 2000),
            new Training.Options(out, 4, 8, 0.003f, 99, 40, 2),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(again).isEqualTo(manifest.accuracy());
  }

  private static float[][] run(SavedModelBundle bundle, float[] pixels, int n, int side) {
    try (TFloat32 input = TFloat32.tensorOf(Shape.of(n, side, side, 1), DataBuffers.of(pixels));
        Result result =
            bundle.function("serving_default").call(Map.<String, Tensor>of("frames", input))) {
      TFloat32 output = (TFloat32) result.get("probabilities").orElseThrow();
      assertThat(output.shape().asArray()).containsExactly(n, 10);
      float[][] rows = new float[n][10];
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < 10; c++) {
          rows[i][c] = output.getFloat(i, c);
        }
      }
      return rows;
    }
  }

  private static List<Frame> frames(FrameSource source, int n) {
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      frames.add(source.next());
    }
    return frames;
  }

  private static long sizeOf(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
