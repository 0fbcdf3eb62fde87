package io.inferedge.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Frames decoded to 64x64 grey: raw frames as they are, PNGs (grey, RGB, any size) through the PNG
 * reader, other image bytes sent as {@code image/png} through ImageIO's lookup, unreadable ones as
 * null.
 */
class GreyFramesTest {

  @Test
  void rawFramesOf4096BytesAreTakenAsTheyAre() {
    byte[] raw = new byte[GreyFrames.SIDE * GreyFrames.SIDE];
    new Random(1).nextBytes(raw);

    assertThat(GreyFrames.decode(MediaType.APPLICATION_OCTET_STREAM, raw)).isSameAs(raw);
    assertThat(GreyFrames.decode(MediaType.APPLICATION_OCTET_STREAM, new byte[100])).isNull();
  }

  @Test
  void aGreyPngOf64x64GivesItsPixels() throws IOException {
    BufferedImage image = noise(64, 64, BufferedImage.TYPE_BYTE_GRAY);
    byte[] expected = new byte[64 * 64];
    image.getRaster().getDataElements(0, 0, 64, 64, expected);

    assertThat(GreyFrames.decode(MediaType.IMAGE_PNG, encode(image, "png"))).isEqualTo(expected);
  }

  @Test
  void anRgbPngIsDrawnInGreyAt64x64() throws IOException {
    byte[] png = encode(noise(100, 80, BufferedImage.TYPE_INT_RGB), "png");

    byte[] grey = GreyFrames.decode(MediaType.IMAGE_PNG, png);

    assertThat(grey).hasSize(64 * 64);
    // The same pixels as drawing what ImageIO.read makes of it.
    var reference = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
    var g = reference.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(ImageIO.read(new ByteArrayInputStream(png)), 0, 0, 64, 64, null);
    g.dispose();
    byte[] expected = new byte[64 * 64];
    reference.getRaster().getDataElements(0, 0, 64, 64, expected);
    assertThat(grey).isEqualTo(expected);
  }

  @Test
  void otherImageBytesSentAsPngStillGoThroughImageIo() throws IOException {
    BufferedImage image = noise(64, 64, BufferedImage.TYPE_BYTE_GRAY);
    byte[] expected = new byte[64 * 64];
    image.getRaster().getDataElements(0, 0, 64, 64, expected);

    assertThat(GreyFrames.decode(MediaType.IMAGE_PNG, encode(image, "bmp"))).isEqualTo(expected);
  }

  @Test
  void unreadableFramesGiveNull() throws IOException {
    byte[] png = encode(noise(64, 64, BufferedImage.TYPE_BYTE_GRAY), "png");
    byte[] truncated = Arrays.copyOf(png, 40);

    assertThat(GreyFrames.decode(MediaType.IMAGE_PNG, truncated)).isNull();
    assertThat(GreyFrames.decode(MediaType.IMAGE_PNG, new byte[] {1, 2, 3})).isNull();
    assertThat(GreyFrames.decode(MediaType.IMAGE_JPEG, png)).isNull();
  }

  private static BufferedImage noise(int width, int height, int type) {
    var image = new BufferedImage(width, height, type);
    var random = new Random(7);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt());
      }
    }
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    var out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(image, format, out)).isTrue();
    return out.toByteArray();
  }
}
