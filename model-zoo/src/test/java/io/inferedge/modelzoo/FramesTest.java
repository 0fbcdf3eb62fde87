package io.inferedge.modelzoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FramesTest {

  @Test
  void pngRoundTripKeepsEveryGreyLevel() {
    byte[] grey = new byte[64 * 64];
    for (int i = 0; i < grey.length; i++) {
      grey[i] = (byte) (i * 7);
    }

    byte[] png = Frames.toPng(grey, 64);

    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    assertThat(Frames.fromPng(png)).isEqualTo(grey);
  }

  @Test
  void fromPngRejectsWhatIsNotASquareImage() throws IOException {
    assertThatThrownBy(() -> Frames.fromPng(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("png is not");
    ByteArrayOutputStream wide = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY), "png", wide);
    assertThatThrownBy(() -> Frames.fromPng(wide.toByteArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("png must be square, was 3x2");
  }

  @Test
  void toPngChecksTheLength() {
    assertThatThrownBy(() -> Frames.toPng(new byte[100], 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grey must hold side * side = 4096 values, was 100");
  }

  @Test
  void halvingAveragesTwoByTwoBlocks() {
    float[] image = new float[4 * 4];
    for (int i = 0; i < image.length; i++) {
      image[i] = i;
    }

    float[] half = Frames.resizeArea(image, 4, 2);

    // Top-left block: 0, 1, 4, 5.
    assertThat(half).containsExactly(2.5f, 4.5f, 10.5f, 12.5f);
  }

  @Test
  void fractionalDownscalingPreservesTheMeanAndConstants() {
    float[] image = new float[64 * 64];
    for (int i = 0; i < image.length; i++) {
      image[i] = (i % 13) / 12f;
    }
    float[] flat = new float[64 * 64];
    Arrays.fill(flat, 0.3f);

    for (int side : new int[] {48, 32, 24}) {
      float[] resized = Frames.resizeArea(image, 64, side);
      assertThat(resized).hasSize(side * side);
      assertThat(mean(resized)).isCloseTo(mean(image), within(1e-3));
      for (float v : Frames.resizeArea(flat, 64, side)) {
        assertThat(v).isCloseTo(0.3f, within(1e-5f));
      }
    }
  }

  private static double mean(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
