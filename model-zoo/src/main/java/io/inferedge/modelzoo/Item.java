package io.inferedge.modelzoo;

/**
 * One Fashion-MNIST example: a 28x28 grey image (row-major, 0 = background, 255 = full intensity)
 * and its class index into {@link FashionMnist#CLASS_NAMES}.
 *
 * <p>Immutable by convention: the array is not copied, callers must not modify it. Thread-safe when
 * not modified.
 *
 * @param pixels {@code 28 * 28} unsigned bytes, row-major
 * @param label class index in [0, 10)
 */
public record Item(byte[] pixels, int label) {

  public Item {
    if (pixels == null || pixels.length != FashionMnist.SIDE * FashionMnist.SIDE) {
      throw new IllegalArgumentException(
          "pixels must hold "
              + FashionMnist.SIDE * FashionMnist.SIDE
              + " bytes, was "
              + (pixels == null ? "null" : pixels.length));
    }
    if (label < 0 || label >= FashionMnist.CLASSES) {
      throw new IllegalArgumentException(
          "label must be in [0, " + FashionMnist.CLASSES + "), was " + label);
    }
  }

  /** Intensity of pixel ({@code x}, {@code y}) in [0, 255]. */
  public int intensity(int x, int y) {
    return pixels[y * FashionMnist.SIDE + x] & 0xff;
  }
}
