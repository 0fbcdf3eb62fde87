package io.inferedge.modelzoo;

/**
 * One grey video frame with its ground truth.
 *
 * <p>Immutable by convention: the pixel array is not copied, callers must not modify it.
 *
 * @param seq position in the stream, from 0
 * @param pixels {@code side * side} unsigned grey bytes, row-major, 0 = black
 * @param side width and height in pixels
 * @param label Fashion-MNIST class of the item shown, index into {@link FashionMnist#CLASS_NAMES}
 * @param regime the stream's scene-cut regime when this frame was shown
 */
public record Frame(long seq, byte[] pixels, int side, int label, Regime regime) {

  /** A frame outside a regime-driven stream, labelled {@link Regime#CALM}. */
  public Frame(long seq, byte[] pixels, int side, int label) {
    this(seq, pixels, side, label, Regime.CALM);
  }

  public Frame {
    if (regime == null) {
      throw new IllegalArgumentException("regime must not be null");
    }
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0, was " + seq);
    }
    if (side <= 0) {
      throw new IllegalArgumentException("side must be positive, was " + side);
    }
    if (pixels == null || pixels.length != side * side) {
      throw new IllegalArgumentException(
          "pixels must hold side * side = "
              + side * side
              + " bytes, was "
              + (pixels == null ? "null" : pixels.length));
    }
    if (label < 0 || label >= FashionMnist.CLASSES) {
      throw new IllegalArgumentException(
          "label must be in [0, " + FashionMnist.CLASSES + "), was " + label);
    }
  }

  /** The pixels as floats in [0, 1] (byte / 255), the models' input scale. */
  public float[] toFloats() {
    return Frames.toFloats(pixels);
  }

  /** The frame encoded as a grey PNG. */
  public byte[] toPng() {
    return Frames.toPng(pixels, side);
  }

  /** Name of the item's class. */
  public String className() {
    return FashionMnist.CLASS_NAMES.get(label);
  }
}
