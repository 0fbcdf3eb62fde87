package io.inferedge.gateway.stream;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.springframework.http.MediaType;

/**
 * Decodes a frame as the gateway receives it into 64x64 grey pixels for the frame-difference
 * estimate: raw {@code application/octet-stream} frames are taken as they are when they are 4096
 * bytes, PNGs are decoded and drawn in grey at 64x64. Stateless, thread-safe.
 */
public final class GreyFrames {

  public static final int SIDE = 64;

  private GreyFrames() {}

  /**
   * @return the grey pixels, row by row, or null when the frame cannot be read (the device tier
   *     then refuses it anyway)
   */
  public static byte[] decode(MediaType contentType, byte[] frame) {
    if (MediaType.APPLICATION_OCTET_STREAM.isCompatibleWith(contentType)) {
      return frame.length == SIDE * SIDE ? frame : null;
    }
    if (!MediaType.IMAGE_PNG.isCompatibleWith(contentType)) {
      return null;
    }
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(frame));
      if (image == null) {
        return null;
      }
      var grey = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
      Graphics2D g = grey.createGraphics();
      try {
        g.setRenderingHint(
            RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, SIDE, SIDE, null);
      } finally {
        g.dispose();
      }
      return ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
