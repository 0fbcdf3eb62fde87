package io.inferedge.inference.frame;

/**
 * Separable resampling of grey images, chosen per axis: along an axis that shrinks, each output
 * pixel is the coverage-weighted mean of the input pixels under it (area averaging, the maths of
 * TensorFlow's {@code ResizeArea}); along an axis that grows, bilinear interpolation with
 * half-pixel centres ({@code tf.image.resize(..., "bilinear")}).
 *
 * <p>Area averaging is what the model-zoo trainer uses to feed and evaluate a model at 48, 32 and
 * 24 px ({@code io.inferedge.modelzoo.Frames#resizeArea}), with the same weights and summation
 * order (rows first, then columns), so the accuracy a manifest reports for a resolution holds for
 * frames resized here. Bilinear only matters for client images smaller than 64 px.
 *
 * <p>Stateless and thread-safe.
 */
final class Resampling {

  private Resampling() {}

  /**
   * Resizes a row-major {@code srcWidth x srcHeight} image to {@code dstWidth x dstHeight}.
   *
   * @return a new row-major array of {@code dstWidth * dstHeight} values
   */
  static float[] resize(float[] src, int srcWidth, int srcHeight, int dstWidth, int dstHeight) {
    if (srcWidth < 1 || srcHeight < 1 || src.length != srcWidth * srcHeight) {
      throw new IllegalArgumentException(
          "src must hold srcWidth * srcHeight = "
              + srcWidth * srcHeight
              + " values, was "
              + src.length);
    }
    if (dstWidth < 1 || dstHeight < 1) {
      throw new IllegalArgumentException(
          "dstWidth and dstHeight must be >= 1, were " + dstWidth + "x" + dstHeight);
    }
    Axis columns = Axis.of(srcWidth, dstWidth);
    Axis rows = Axis.of(srcHeight, dstHeight);
    // Along x first (srcHeight x dstWidth), then along y (dstHeight x dstWidth).
    float[] across = new float[srcHeight * dstWidth];
    for (int y = 0; y < srcHeight; y++) {
      for (int ox = 0; ox < dstWidth; ox++) {
        float[] w = columns.weights[ox];
        int first = columns.first[ox];
        float sum = 0;
        for (int k = 0; k < w.length; k++) {
          sum += w[k] * src[y * srcWidth + first + k];
        }
        across[y * dstWidth + ox] = sum;
      }
    }
    float[] out = new float[dstHeight * dstWidth];
    for (int oy = 0; oy < dstHeight; oy++) {
      float[] w = rows.weights[oy];
      int first = rows.first[oy];
      for (int ox = 0; ox < dstWidth; ox++) {
        float sum = 0;
        for (int k = 0; k < w.length; k++) {
          sum += w[k] * across[(first + k) * dstWidth + ox];
        }
        out[oy * dstWidth + ox] = sum;
      }
    }
    return out;
  }

  /**
   * For output cell {@code o}, the input cells {@code first[o], first[o] + 1, ...} contribute with
   * {@code weights[o][0], weights[o][1], ...}; each {@code weights[o]} sums to 1.
   */
  private record Axis(int[] first, float[][] weights) {

    static Axis of(int size, int newSize) {
      return newSize < size ? area(size, newSize) : bilinear(size, newSize);
    }

    private static Axis area(int size, int newSize) {
      double scale = (double) size / newSize;
      int[] first = new int[newSize];
      float[][] weights = new float[newSize][];
      for (int o = 0; o < newSize; o++) {
        double start = o * scale;
        double end = start + scale;
        int lo = (int) Math.floor(start);
        int hi = (int) Math.min(size, Math.ceil(end));
        first[o] = lo;
        weights[o] = new float[hi - lo];
        for (int i = lo; i < hi; i++) {
          double overlap = Math.min(end, i + 1) - Math.max(start, i);
          weights[o][i - lo] = (float) (Math.max(0, overlap) / scale);
        }
      }
      return new Axis(first, weights);
    }

    /** Also the identity when the sizes are equal: every centre lands on an input centre. */
    private static Axis bilinear(int size, int newSize) {
      double scale = (double) size / newSize;
      int[] first = new int[newSize];
      float[][] weights = new float[newSize][];
      for (int o = 0; o < newSize; o++) {
        double s = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), size - 1);
        int lo = (int) Math.floor(s);
        float right = (float) (s - lo);
        first[o] = lo;
        weights[o] = lo + 1 < size ? new float[] {1 - right, right} : new float[] {1};
      }
      return new Axis(first, weights);
    }
  }
}
