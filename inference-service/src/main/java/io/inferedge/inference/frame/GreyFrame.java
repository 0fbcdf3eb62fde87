package io.inferedge.inference.frame;

/**
 * A square grey frame as the models see it: {@code side * side} intensities in [0, 1], row-major
 * (index {@code y * side + x}).
 *
 * <p>Immutable by convention: the pixel array is not copied (a frame is built once per request and
 * handed straight to the model), so nobody may write to it after construction. Thread-safe under
 * that convention.
 *
 * @param side width and height in pixels
 * @param pixels intensities, row-major
 */
public record GreyFrame(int side, float[] pixels) {

  public GreyFrame {
    if (side < 1) {
      throw new IllegalArgumentException("side must be >= 1, was " + side);
    }
    if (pixels == null || pixels.length != side * side) {
      throw new IllegalArgumentException(
          "pixels must hold side * side = "
              + side * side
              + " values, was "
              + (pixels == null ? "null" : pixels.length));
    }
  }

  /** The intensity at column {@code x}, row {@code y}. */
  public float at(int x, int y) {
    return pixels[y * side + x];
  }

  /**
   * This frame resized to {@code newSide} (area-averaged when shrinking, as in training; see {@link
   * Resampling}), or this frame when it already has that side.
   */
  public GreyFrame resizedTo(int newSide) {
    if (newSide == side) {
      return this;
    }
    return new GreyFrame(newSide, Resampling.resize(pixels, side, side, newSide, newSide));
  }
}
