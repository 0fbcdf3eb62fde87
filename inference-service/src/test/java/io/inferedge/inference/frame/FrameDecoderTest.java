package io.inferedge.inference.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.inferedge.support.web.ApiException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class FrameDecoderTest {

  private final FrameDecoder decoder = new FrameDecoder();

  @Test
  void decodesAGreyPngExactly() {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        image.getRaster().setSample(x, y, 0, (x * 4 + y) % 256);
      }
    }

    GreyFrame frame = decoder.decode(FrameEncoding.PNG, png(image));

    assertThat(frame.side()).isEqualTo(64);
    assertThat(frame.at(0, 0)).isEqualTo(0f);
    assertThat(frame.at(10, 3)).isCloseTo(43 / 255f, within(1e-7f));
    assertThat(frame.at(63, 63)).isCloseTo(((63 * 4 + 63) % 256) / 255f, within(1e-7f));
  }

  @Test
  void decodesA16BitGreyPngToTheUnitInterval() {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_USHORT_GRAY);
    image.getRaster().setSample(5, 7, 0, 65535);
    image.getRaster().setSample(6, 7, 0, 32768);

    GreyFrame frame = decoder.decode(FrameEncoding.PNG, png(image));

    assertThat(frame.at(5, 7)).isEqualTo(1f);
    assertThat(frame.at(6, 7)).isCloseTo(0.5f, within(1e-4f));
    assertThat(frame.at(0, 0)).isEqualTo(0f);
  }

  @Test
  void convertsAColourPngToLuma() {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, 0xff0000);
    image.setRGB(1, 0, 0x00ff00);
    image.setRGB(2, 0, 0x0000ff);
    image.setRGB(3, 0, 0xffffff);

    GreyFrame frame = decoder.decode(FrameEncoding.PNG, png(image));

    assertThat(frame.at(0, 0)).isCloseTo(0.299f, within(1e-5f));
    assertThat(frame.at(1, 0)).isCloseTo(0.587f, within(1e-5f));
    assertThat(frame.at(2, 0)).isCloseTo(0.114f, within(1e-5f));
    assertThat(frame.at(3, 0)).isCloseTo(1f, within(1e-5f));
    assertThat(frame.at(4, 0)).isEqualTo(0f);
  }

  @Test
  void scalesAPngOfAnotherSizeTo64() {
    // 128x96: left half black, right half white; after scaling the halves stay where they were.
    BufferedImage image = new BufferedImage(128, 96, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 96; y++) {
      for (int x = 64; x < 128; x++) {
        image.getRaster().setSample(x, y, 0, 255);
      }
    }

    GreyFrame frame = decoder.decode(FrameEncoding.PNG, png(image));

    assertThat(frame.side()).isEqualTo(64);
    assertThat(frame.at(0, 0)).isEqualTo(0f);
    assertThat(frame.at(30, 40)).isEqualTo(0f);
    assertThat(frame.at(33, 40)).isCloseTo(1f, within(1e-6f));
    assertThat(frame.at(63, 63)).isCloseTo(1f, within(1e-6f));
  }

  @Test
  void decodesRawGreyBytes() {
    byte[] raw = new byte[4096];
    raw[0] = (byte) 255;
    raw[65] = (byte) 128;

    GreyFrame frame = decoder.decode(FrameEncoding.RAW_GREY, raw);

    assertThat(frame.side()).isEqualTo(64);
    assertThat(frame.at(0, 0)).isEqualTo(1f);
    assertThat(frame.at(1, 1)).isCloseTo(128 / 255f, within(1e-7f));
    assertThat(frame.at(2, 2)).isEqualTo(0f);
  }

  @Test
  void refusesRawBodiesOfAnyOtherLength() {
    assertBadBody(() -> decoder.decode(FrameEncoding.RAW_GREY, new byte[4095]), "4096");
    assertBadBody(() -> decoder.decode(FrameEncoding.RAW_GREY, new byte[4097]), "4096");
  }

  @Test
  void refusesEmptyBodies() {
    assertBadBody(() -> decoder.decode(FrameEncoding.PNG, new byte[0]), "empty");
    assertBadBody(() -> decoder.decode(FrameEncoding.RAW_GREY, null), "empty");
  }

  @Test
  void refusesBytesThatAreNotAnImage() {
    byte[] text = "certainly not a PNG".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertBadBody(() -> decoder.decode(FrameEncoding.PNG, text), "not an image");
  }

  @Test
  void refusesATruncatedPng() {
    byte[] whole = png(new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY));
    byte[] truncated = Arrays.copyOf(whole, whole.length / 2);

    assertBadBody(() -> decoder.decode(FrameEncoding.PNG, truncated), "PNG");
  }

  @Test
  void refusesOtherImageFormatsSentAsPng() {
    byte[] jpeg = encode(new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY), "jpg");

    assertBadBody(() -> decoder.decode(FrameEncoding.PNG, jpeg), "PNG");
  }

  @Test
  void refusesImagesLargerThanTheLimitBeforeDecodingThem() {
    byte[] wide =
        png(new BufferedImage(FrameDecoder.MAX_IMAGE_SIDE + 1, 1, BufferedImage.TYPE_BYTE_GRAY));

    assertBadBody(() -> decoder.decode(FrameEncoding.PNG, wide), "2049x1");
  }

  private static void assertBadBody(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String detail) {
    assertThatThrownBy(call)
        .isInstanceOf(InvalidFrameException.class)
        .hasMessageContaining(detail)
        .satisfies(
            e -> {
              ApiException api = (ApiException) e;
              assertThat(api.status()).isEqualTo(HttpStatus.BAD_REQUEST);
              assertThat(api.field()).isEqualTo("body");
            });
  }

  static byte[] png(BufferedImage image) {
    return encode(image, "png");
  }

  private static byte[] encode(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
