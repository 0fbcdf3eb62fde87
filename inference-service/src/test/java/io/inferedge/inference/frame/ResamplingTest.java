package io.inferedge.inference.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ResamplingTest {

  @Test
  void halvingAveragesEachTwoByTwoBlock() {
    float[] src = new float[64 * 64];
    for (int i = 0; i < src.length; i++) {
      src[i] = (i * 37 % 101) / 100f;
    }

    float[] dst = Resampling.resize(src, 64, 64, 32, 32);

    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        float mean =
            (src[(2 * y) * 64 + 2 * x]
                    + src[(2 * y) * 64 + 2 * x + 1]
                    + src[(2 * y + 1) * 64 + 2 * x]
                    + src[(2 * y + 1) * 64 + 2 * x + 1])
                / 4;
        assertThat(dst[y * 32 + x]).as("(%d, %d)", x, y).isCloseTo(mean, within(1e-6f));
      }
    }
  }

  @Test
  void shrinkingAveragesTheCoveredPixelsWeightedByCoverage() {
    // 3 -> 2: each output pixel covers 1.5 input pixels: all of one and half of the middle one.
    float[] dst = Resampling.resize(new float[] {0.3f, 0.6f, 0.9f}, 3, 1, 2, 1);

    assertThat(dst)
        .containsExactly(
            new float[] {(0.3f + 0.5f * 0.6f) / 1.5f, (0.5f * 0.6f + 0.9f) / 1.5f}, within(1e-6f));
  }

  @Test
  void shrinking64To24KeepsTheMeanOfEveryEightByThreeBlock() {
    // 64 / 24 = 8/3: output pixels 0..2 cover input pixels 0..7 exactly, whatever the split.
    float[] src = new float[64 * 64];
    for (int i = 0; i < src.length; i++) {
      src[i] = (i * 53 % 97) / 96f;
    }

    float[] dst = Resampling.resize(src, 64, 64, 24, 24);

    double in = 0;
    double out = 0;
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        in += src[y * 64 + x];
      }
    }
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 3; x++) {
        out += dst[y * 24 + x];
      }
    }
    assertThat(out / 9).isCloseTo(in / 64, within(1e-5));
  }

  @Test
  void upscalingInterpolatesBetweenHalfPixelCentres() {
    // 2x1 -> 4x1: output centres sit at source x = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (-> 1).
    float[] dst = Resampling.resize(new float[] {0f, 1f}, 2, 1, 4, 1);

    assertThat(dst).containsExactly(new float[] {0f, 0.25f, 0.75f, 1f}, within(1e-6f));
  }

  @Test
  void aUniformImageStaysUniformAtAnySize() {
    float[] src = new float[48 * 48];
    java.util.Arrays.fill(src, 0.4f);

    for (int side : new int[] {24, 32, 64, 100}) {
      float[] dst = Resampling.resize(src, 48, 48, side, side);
      assertThat(dst).hasSize(side * side);
      for (float v : dst) {
        assertThat(v).isCloseTo(0.4f, within(1e-6f));
      }
    }
  }

  @Test
  void nonSquareSourcesAreScaledPerAxis() {
    // 4 wide, 1 tall ramp to 2x2: x shrinks by area (pairs averaged), y grows (rows repeated).
    float[] dst = Resampling.resize(new float[] {0f, 0.2f, 0.4f, 0.6f}, 4, 1, 2, 2);

    assertThat(dst).containsExactly(new float[] {0.1f, 0.5f, 0.1f, 0.5f}, within(1e-6f));
  }

  @Test
  void rejectsASourceOfTheWrongLength() {
    assertThatThrownBy(() -> Resampling.resize(new float[3], 2, 2, 4, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("src");
    assertThatThrownBy(() -> Resampling.resize(new float[4], 2, 2, 0, 4))
        .hasMessageStartingWith("dstWidth");
  }

  @Test
  void greyFrameResizesToThePlanResolution() {
    GreyFrame frame = new GreyFrame(64, new float[64 * 64]);

    assertThat(frame.resizedTo(64)).isSameAs(frame);
    assertThat(frame.resizedTo(24).side()).isEqualTo(24);
    assertThat(frame.resizedTo(24).pixels()).hasSize(24 * 24);
  }
}
