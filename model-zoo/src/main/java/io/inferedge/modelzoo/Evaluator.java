package io.inferedge.modelzoo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Runs an exported SavedModel through its {@value Cnn#SIGNATURE_KEY} signature, the way a server
 * would, to measure accuracy on frames whose ground truth is known.
 *
 * <p>Frames are area-downscaled with {@link Frames#resizeArea} to the side being measured.
 *
 * <p>Not thread-safe. Owns native resources: close it.
 */
final class Evaluator implements AutoCloseable {

  private final SavedModelBundle bundle;
  private final SessionFunction function;

  Evaluator(Path savedModel) {
    this.bundle = SavedModelBundle.load(savedModel.toString(), SavedModelBundle.DEFAULT_TAG);
    this.function = bundle.function(Cnn.SIGNATURE_KEY);
  }

  /**
   * Class probabilities for a batch.
   *
   * @param pixels {@code n * side * side} floats in [0, 1], frame after frame
   * @return {@code [n][10]}
   */
  float[][] probabilities(float[] pixels, int n, int side) {
    if (n <= 0 || pixels.length != n * side * side) {
      throw new IllegalArgumentException(
          "pixels must hold n * side * side = "
              + n * side * side
              + " floats, was "
              + pixels.length);
    }
    try (TFloat32 input = TFloat32.tensorOf(Shape.of(n, side, side, 1), DataBuffers.of(pixels));
        Result result = function.call(Map.<String, Tensor>of(Cnn.INPUT_KEY, input))) {
      TFloat32 output =
          (TFloat32)
              result
                  .get(Cnn.OUTPUT_KEY)
                  .orElseThrow(() -> new IllegalStateException("model has no " + Cnn.OUTPUT_KEY));
      long[] shape = output.shape().asArray();
      if (shape.length != 2 || shape[0] != n || shape[1] != FashionMnist.CLASSES) {
        throw new IllegalStateException(
            "expected " + Cnn.OUTPUT_KEY + " of shape [" + n + ", 10], was " + output.shape());
      }
      float[] flat = new float[n * FashionMnist.CLASSES];
      output.copyTo(DataBuffers.of(flat, false, false));
      float[][] rows = new float[n][FashionMnist.CLASSES];
      for (int i = 0; i < n; i++) {
        System.arraycopy(flat, i * FashionMnist.CLASSES, rows[i], 0, FashionMnist.CLASSES);
      }
      return rows;
    }
  }

  /** Share of {@code frames} whose most probable class is their label, fed at {@code side} px. */
  double accuracy(List<Frame> frames, int side, int batchSize) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("frames must not be empty");
    }
    int correct = 0;
    for (int from = 0; from < frames.size(); from += batchSize) {
      List<Frame> batch = frames.subList(from, Math.min(frames.size(), from + batchSize));
      float[][] probabilities = probabilities(Batches.pixels(batch, side), batch.size(), side);
      for (int i = 0; i < batch.size(); i++) {
        if (argMax(probabilities[i]) == batch.get(i).label()) {
          correct++;
        }
      }
    }
    return (double) correct / frames.size();
  }

  /**
   * Median wall time of {@code runs} batch-1 calls on {@code frame} fed at {@code side} px, after
   * {@code warmup} untimed calls, in milliseconds. Each call includes tensor creation and copy-out,
   * as a server's would.
   */
  double medianMillis(Frame frame, int side, int warmup, int runs) {
    float[] pixels = Batches.pixels(List.of(frame), side);
    for (int i = 0; i < warmup; i++) {
      probabilities(pixels, 1, side);
    }
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      probabilities(pixels, 1, side);
      nanos[i] = System.nanoTime() - start;
    }
    java.util.Arrays.sort(nanos);
    return nanos[runs / 2] / 1e6;
  }

  static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  @Override
  public void close() {
    bundle.close();
  }
}
