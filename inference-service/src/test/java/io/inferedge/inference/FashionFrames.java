package io.inferedge.inference;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Frames for tests, composed like the camera's: one held-out Fashion-MNIST item (the first 100 of
 * the test split, shipped in {@code src/test/resources/fashion-mnist}) scaled up and centred on a
 * dark 64 x 64 background.
 */
final class FashionFrames {

  static final int COUNT = 100;
  private static final int ITEM = 28;

  private final byte[] images;
  private final byte[] labels;

  private FashionFrames(byte[] images, byte[] labels) {
    this.images = images;
    this.labels = labels;
  }

  static FashionFrames load() {
    return new FashionFrames(
        resource("/fashion-mnist/t10k-first100-images.u8", COUNT * ITEM * ITEM),
        resource("/fashion-mnist/t10k-first100-labels.u8", COUNT));
  }

  int label(int index) {
    return labels[index];
  }

  /** Item {@code index} scaled to {@code itemSide} px, centred on a 64 x 64 dark grey frame. */
  BufferedImage frame(int index, int itemSide) {
    BufferedImage item = new BufferedImage(ITEM, ITEM, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < ITEM; y++) {
      for (int x = 0; x < ITEM; x++) {
        item.getRaster().setSample(x, y, 0, images[index * ITEM * ITEM + y * ITEM + x] & 0xff);
      }
    }
    BufferedImage frame = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
    var g = frame.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setColor(new java.awt.Color(20, 20, 20));
    g.fillRect(0, 0, 64, 64);
    int offset = (64 - itemSide) / 2;
    g.drawImage(item, offset, offset, itemSide, itemSide, null);
    g.dispose();
    return frame;
  }

  byte[] png(int index, int itemSide) {
    return png(frame(index, itemSide));
  }

  /** The frame's 4096 grey bytes, row-major, for {@code application/octet-stream}. */
  byte[] raw(int index, int itemSide) {
    byte[] raw = new byte[64 * 64];
    frame(index, itemSide).getRaster().getDataElements(0, 0, 64, 64, raw);
    return raw;
  }

  static byte[] png(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] resource(String name, int length) {
    try (InputStream in = FashionFrames.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      byte[] bytes = in.readAllBytes();
      if (bytes.length != length) {
        throw new IllegalStateException(name + " has " + bytes.length + " bytes, not " + length);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
