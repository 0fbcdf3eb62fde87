package io.inferedge.modelzoo;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Encodings and resampling of square grey frames: PNG via {@code javax.imageio}, raw bytes to [0,
 * 1] floats, and the area-average downscaling used to feed a model at 48, 32 or 24 px.
 *
 * <p>Training, evaluation and serving must resize the same way for the measured accuracy to hold;
 * {@link #resizeArea} is that one way (the same maths as TensorFlow's {@code ResizeArea}: every
 * output pixel is the coverage-weighted mean of the input pixels under it).
 *
 * <p>Stateless and thread-safe.
 */
public final class Frames {

  private Frames() {}

  /**
   * Encodes grey pixels as an 8-bit grey PNG.
   *
   * @param grey {@code side * side} unsigned bytes, row-major
   */
  public static byte[] toPng(byte[] grey, int side) {
    checkSquare(grey == null ? -1 : grey.length, side, "grey");
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
    byte[] raster = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    System.arraycopy(grey, 0, raster, 0, grey.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream(side * side);
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("no PNG writer available in javax.imageio");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a PNG in memory", e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes a square PNG (or any format {@code javax.imageio} reads) to grey bytes; colour images
   * are converted to grey.
   *
   * @throws IllegalArgumentException if the bytes are not an image or the image is not square
   */
  public static byte[] fromPng(byte[] png) {
    if (png == null) {
      throw new IllegalArgumentException("png must not be null");
    }
    BufferedImage decoded;
    try {
      decoded = ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new IllegalArgumentException("png is not a readable image: " + e.getMessage(), e);
    }
    if (decoded == null) {
      throw new IllegalArgumentException("png is not an image format javax.imageio can read");
    }
    if (decoded.getWidth() != decoded.getHeight()) {
      throw new IllegalArgumentException(
          "png must be square, was " + decoded.getWidth() + "x" + decoded.getHeight());
    }
    BufferedImage grey = decoded;
    if (decoded.getType() != BufferedImage.TYPE_BYTE_GRAY) {
      grey =
          new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
      grey.getGraphics().drawImage(decoded, 0, 0, null);
    }
    byte[] raster = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
    return raster.clone();
  }

  /** Unsigned grey bytes to floats in [0, 1] (value / 255). */
  public static float[] toFloats(byte[] grey) {
    if (grey == null) {
      throw new IllegalArgumentException("grey must not be null");
    }
    float[] out = new float[grey.length];
    for (int i = 0; i < grey.length; i++) {
      out[i] = (grey[i] & 0xff) / 255f;
    }
    return out;
  }

  /**
   * Area-average resize of a square single-channel image from {@code side} to {@code newSide}
   * pixels. Intended for downscaling; returns a copy when the sides are equal.
   */
  public static float[] resizeArea(float[] pixels, int side, int newSide) {
    checkSquare(pixels == null ? -1 : pixels.length, side, "pixels");
    if (newSide <= 0) {
      throw new IllegalArgumentException("newSide must be positive, was " + newSide);
    }
    if (newSide == side) {
      return pixels.clone();
    }
    AreaWeights weights = AreaWeights.of(side, newSide);
    // Separable: rows first (side x newSide), then columns (newSide x newSide).
    float[] rows = new float[side * newSide];
    for (int y = 0; y < side; y++) {
      for (int ox = 0; ox < newSide; ox++) {
        float[] w = weights.weights[ox];
        int first = weights.first[ox];
        float sum = 0;
        for (int k = 0; k < w.length; k++) {
          sum += w[k] * pixels[y * side + first + k];
        }
        rows[y * newSide + ox] = sum;
      }
    }
    float[] out = new float[newSide * newSide];
    for (int oy = 0; oy < newSide; oy++) {
      float[] w = weights.weights[oy];
      int first = weights.first[oy];
      for (int ox = 0; ox < newSide; ox++) {
        float sum = 0;
        for (int k = 0; k < w.length; k++) {
          sum += w[k] * rows[(first + k) * newSide + ox];
        }
        out[oy * newSide + ox] = sum;
      }
    }
    return out;
  }

  /**
   * For output cell o, the input cells first[o], first[o] + 1, ... cover it with shares
   * weights[o][0], weights[o][1], ...; each weights[o] sums to 1.
   */
  private record AreaWeights(int[] first, float[][] weights) {

    static AreaWeights of(int side, int newSide) {
      double scale = (double) side / newSide;
      int[] first = new int[newSide];
      float[][] weights = new float[newSide][];
      for (int o = 0; o < newSide; o++) {
        double start = o * scale;
        double end = start + scale;
        int lo = (int) Math.floor(start);
        int hi = (int) Math.min(side, Math.ceil(end));
        first[o] = lo;
        weights[o] = new float[hi - lo];
        for (int i = lo; i < hi; i++) {
          double overlap = Math.min(end, i + 1) - Math.max(start, i);
          weights[o][i - lo] = (float) (Math.max(0, overlap) / scale);
        }
      }
      return new AreaWeights(first, weights);
    }
  }

  private static void checkSquare(int length, int side, String field) {
    if (side <= 0) {
      throw new IllegalArgumentException("side must be positive, was " + side);
    }
    if (length != side * side) {
      throw new IllegalArgumentException(
          field
              + " must hold side * side = "
              + side * side
              + " values, was "
              + (length < 0 ? "null" : length));
    }
  }
}
