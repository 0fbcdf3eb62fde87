package io.inferedge.inference.frame;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns a request body into the 64 x 64 grey frame every plan starts from: a PNG of any size and
 * colour type (converted to grey, then scaled to 64 x 64 with {@link Resampling} when it is not
 * already), or 4096 raw grey bytes. Anything else is an {@link InvalidFrameException} naming the
 * body.
 *
 * <p>Stateless and thread-safe. Images over {@value #MAX_IMAGE_SIDE} px a side are refused before
 * their pixels are decoded, so a small compressed body cannot expand into a huge image.
 */
public final class FrameDecoder {

  /** Side of the frames the cameras produce and the models are trained on. */
  public static final int FRAME_SIDE = 64;

  /** Bytes of a raw frame: one unsigned grey byte per pixel. */
  public static final int RAW_FRAME_BYTES = FRAME_SIDE * FRAME_SIDE;

  static final int MAX_IMAGE_SIDE = 2048;

  /** Decodes {@code body} as {@code encoding} into a 64 x 64 frame with values in [0, 1]. */
  public GreyFrame decode(FrameEncoding encoding, byte[] body) {
    if (body == null || body.length == 0) {
      throw new InvalidFrameException(
          "body must not be empty: send a PNG image or 4096 grey bytes");
    }
    return switch (encoding) {
      case PNG -> decodePng(body);
      case RAW_GREY -> decodeRaw(body);
    };
  }

  private static GreyFrame decodeRaw(byte[] body) {
    if (body.length != RAW_FRAME_BYTES) {
      throw new InvalidFrameException(
          "body must be exactly "
              + RAW_FRAME_BYTES
              + " bytes (64 x 64 grey, row-major) for application/octet-stream, was "
              + body.length);
    }
    float[] pixels = new float[RAW_FRAME_BYTES];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (body[i] & 0xff) / 255f;
    }
    return new GreyFrame(FRAME_SIDE, pixels);
  }

  private static GreyFrame decodePng(byte[] body) {
    BufferedImage image;
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(body))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new InvalidFrameException("body is not an image: send a PNG for image/png");
      }
      ImageReader reader = readers.next();
      try {
        String format = reader.getFormatName();
        if (!"png".equalsIgnoreCase(format)) {
          throw new InvalidFrameException(
              "body is a " + format + " image, but image/png requires a PNG");
        }
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
          throw new InvalidFrameException(
              "body is a "
                  + width
                  + "x"
                  + height
                  + " image; at most "
                  + MAX_IMAGE_SIDE
                  + " px a side is accepted");
        }
        image = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (InvalidFrameException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Truncated or corrupt data: ImageIO reports it as IIOException or, for some damage, as an
      // unchecked exception from deep in the decoder. Either way the client sent a bad body.
      throw new InvalidFrameException("body is not a readable PNG image: " + e.getMessage(), e);
    }
    int width = image.getWidth();
    int height = image.getHeight();
    float[] grey = toGrey(image);
    if (width == FRAME_SIDE && height == FRAME_SIDE) {
      return new GreyFrame(FRAME_SIDE, grey);
    }
    return new GreyFrame(
        FRAME_SIDE, Resampling.resize(grey, width, height, FRAME_SIDE, FRAME_SIDE));
  }

  /**
   * Intensities in [0, 1]. Grey images are read from their samples (8 or 16 bit) rather than
   * through {@link BufferedImage#getRGB}, which would push them through a colour conversion that
   * changes the values; colour and palette images use ITU-R BT.601 luma. Alpha is ignored.
   */
  private static float[] toGrey(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    float[] grey = new float[width * height];
    ColorModel colorModel = image.getColorModel();
    Raster raster = image.getRaster();
    if (colorModel.getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && colorModel.getNumColorComponents() == 1) {
      float max = (float) ((1L << colorModel.getComponentSize(0)) - 1);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          grey[y * width + x] = raster.getSample(x, y, 0) / max;
        }
      }
      return grey;
    }
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        grey[y * width + x] = Math.min(1f, (0.299f * r + 0.587f * g + 0.114f * b) / 255f);
      }
    }
    return grey;
  }
}
