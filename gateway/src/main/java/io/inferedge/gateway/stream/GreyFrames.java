package io.inferedge.gateway.stream;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.springframework.http.MediaType;

/**
 * Decodes a frame as the gateway receives it into 64x64 grey pixels for the frame-difference
 * estimate: raw {@code application/octet-stream} frames are taken as they are when they are 4096
 * bytes, PNGs are decoded and drawn in grey at 64x64. Stateless, thread-safe.
 *
 * <p>A PNG goes straight to the PNG reader over an in-memory stream: {@code
 * ImageIO.read(InputStream)} would look the reader up among every registered plugin and, with
 * ImageIO's default disk cache, buffer the frame in a temporary file, each time; that took half of
 * the decode of a 64x64 frame (docs/benchmarks.md). Bytes without the PNG signature still go
 * through ImageIO's lookup.
 */
public final class GreyFrames {

  public static final int SIDE = 64;

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** The PNG plugin's provider (stateless; it makes a reader per frame), null if none. */
  private static final ImageReaderSpi PNG_READER = pngReader();

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
      BufferedImage image = read(frame);
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

  private static BufferedImage read(byte[] frame) throws IOException {
    ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(frame));
    boolean png =
        frame.length > PNG_SIGNATURE.length
            && Arrays.equals(
                frame, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length);
    if (!png || PNG_READER == null) {
      return ImageIO.read(in); // a memory stream: nothing to release if left open
    }
    ImageReader reader = PNG_READER.createReaderInstance();
    try {
      // As ImageIO.read sets it: forward only, metadata ignored.
      reader.setInput(in, true, true);
      return reader.read(0);
    } finally {
      reader.dispose();
      in.close();
    }
  }

  private static ImageReaderSpi pngReader() {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
    return readers.hasNext() ? readers.next().getOriginatingProvider() : null;
  }
}
