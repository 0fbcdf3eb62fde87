package io.inferedge.modelzoo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The exported split signatures: for every cut k, {@code head_k} then {@code tail_k} gives what
 * {@code full} gives, at every resolution, on a briefly trained 4-block model with batch
 * normalisation folded in.
 */
class SplitExecutionTest {

  static final CnnSpec TINY = new CnnSpec("tiny", List.of(4, 8, 8, 12), true);

  @TempDir static Path dir;

  static Path model;
  static List<Frame> frames;

  @BeforeAll
  static void trainAndExport() throws Exception {
    frames = new ArrayList<>();
    FrameSource source = new FrameSource(FashionMnist.testSubset(), 5, 1);
    for (int i = 0; i < 8; i++) {
      frames.add(source.next());
    }
    model = dir.resolve("tiny");
    try (CnnTrainer trainer = new CnnTrainer(TINY, 11, 0.01f)) {
      for (int i = 0; i < 20; i++) {
        int side = Training.SIDES.get(i % Training.SIDES.size());
        // The second half normalises with the frozen moving statistics, as the zoo's last steps do.
        trainer.step(Batches.pixels(frames, side), side, Batches.labels(frames), 0.01f, i >= 10);
      }
      trainer.export(model);
    }
  }

  @Test
  void headThenTailEqualsFullForEveryCutAndResolution() {
    try (SavedModelBundle bundle = SavedModelBundle.load(model.toString(), "serve")) {
      for (int side : Training.SIDES) {
        float[] pixels = Batches.pixels(frames, side);
        try (TFloat32 input = tensor(pixels, Shape.of(frames.size(), side, side, 1));
            Result full = call(bundle, "full", "frames", input);
            Result serving = call(bundle, "serving_default", "frames", input)) {
          float[] expected = values(full.get("probabilities").orElseThrow());
          assertThat(values(serving.get("probabilities").orElseThrow())).isEqualTo(expected);
          for (int k = 1; k < TINY.blocks(); k++) {
            try (Result head = call(bundle, "head_" + k, "frames", input)) {
              Tensor activation = head.get("activation").orElseThrow();
              int s = CnnSpec.sideAfter(k, side);
              assertThat(activation.shape().asArray())
                  .as("head_%d at %d px", k, side)
                  .containsExactly(frames.size(), s, s, TINY.channelsAt(k));
              // Through bytes, as the link would carry it.
              float[] sent = values(activation);
              try (TFloat32 received = tensor(sent, activation.shape());
                  Result tail = call(bundle, "tail_" + k, "activation", received)) {
                float[] actual = values(tail.get("probabilities").orElseThrow());
                assertThat(actual).hasSameSizeAs(expected);
                for (int i = 0; i < expected.length; i++) {
                  assertThat(Math.abs(actual[i] - expected[i]))
                      .as("cut %d at %d px, value %d", k, side, i)
                      .isLessThan(1e-5f);
                }
              }
            }
          }
        }
      }
    }
  }

  @Test
  void exportsTheSignaturesTheManifestNames() {
    Manifest manifest = new Manifest(TINY, 1, 20, 8, 0.01f, "constant", 1, Map.of(), 8, Map.of());
    try (SavedModelBundle bundle = SavedModelBundle.load(model.toString(), "serve")) {
      for (String key : manifest.signatures()) {
        assertThat(bundle.function(key).signature().key()).isEqualTo(key);
      }
    }
    assertThat(manifest.signatures())
        .containsExactly(
            "serving_default", "full", "head_1", "tail_1", "head_2", "tail_2", "head_3", "tail_3");
  }

  private static Result call(SavedModelBundle bundle, String key, String input, Tensor tensor) {
    return bundle.function(key).call(Map.of(input, tensor));
  }

  private static TFloat32 tensor(float[] values, Shape shape) {
    return TFloat32.tensorOf(shape, DataBuffers.of(values));
  }

  private static float[] values(Tensor tensor) {
    TFloat32 t = (TFloat32) tensor;
    float[] out = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }
}
