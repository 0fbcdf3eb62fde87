package io.inferedge.modelzoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FrameSourceTest {

  static List<Item> items;

  @BeforeAll
  static void loadItems() {
    items = FashionMnist.testSubset();
  }

  @Test
  void sameSeedGivesTheSameFramesByteForByte() {
    List<Frame> first = frames(new FrameSource(items, 42, 7), 60);
    List<Frame> second = frames(new FrameSource(items, 42, 7), 60);

    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i).seq()).isEqualTo(i);
      assertThat(second.get(i).label()).isEqualTo(first.get(i).label());
      assertThat(second.get(i).pixels()).as("frame %d", i).isEqualTo(first.get(i).pixels());
    }
  }

  @Test
  void sameSeedGivesTheSameRegimeDrivenStream() {
    List<Frame> first = frames(new FrameSource(items, 42), 1500);
    List<Frame> second = frames(new FrameSource(items, 42), 1500);

    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i).label()).isEqualTo(first.get(i).label());
      assertThat(second.get(i).regime()).isEqualTo(first.get(i).regime());
      assertThat(second.get(i).pixels()).as("frame %d", i).isEqualTo(first.get(i).pixels());
    }
    List<Frame> other = frames(new FrameSource(items, 43), 1500);
    assertThat(other.stream().map(Frame::regime).toList())
        .isNotEqualTo(first.stream().map(Frame::regime).toList());
  }

  @Test
  void regimesAlternateAndBusyStretchesCutMuchMoreOften() {
    List<Frame> frames = frames(new FrameSource(items, 7), 6000);
    Map<Regime, int[]> framesAndChanges = new EnumMap<>(Regime.class);
    int switches = 0;
    for (int i = 1; i < frames.size(); i++) {
      Frame previous = frames.get(i - 1);
      Frame frame = frames.get(i);
      int[] counts = framesAndChanges.computeIfAbsent(frame.regime(), r -> new int[2]);
      counts[0]++;
      if (frame.regime() != previous.regime()) {
        switches++;
      } else if (frame.label() != previous.label()) {
        counts[1]++;
      }
    }
    double calmRate =
        (double) framesAndChanges.get(Regime.CALM)[1] / framesAndChanges.get(Regime.CALM)[0];
    double busyRate =
        (double) framesAndChanges.get(Regime.BUSY)[1] / framesAndChanges.get(Regime.BUSY)[0];

    assertThat(switches).as("regimes change over time").isGreaterThanOrEqualTo(8);
    assertThat(framesAndChanges.get(Regime.CALM)[0]).isGreaterThan(1000);
    assertThat(framesAndChanges.get(Regime.BUSY)[0]).isGreaterThan(1000);
    // Label changes (cuts to an item of another class, 90 % of cuts): about 1/90 vs 1/8 a frame.
    assertThat(calmRate).isBetween(0.003, 0.02);
    assertThat(busyRate).isBetween(0.08, 0.15);
  }

  @Test
  void fixedSceneLengthsHaveTheRegimeOfTheirCutRate() {
    assertThat(new FrameSource(items, 1, 1).next().regime()).isEqualTo(Regime.BUSY);
    assertThat(new FrameSource(items, 1, 29).next().regime()).isEqualTo(Regime.BUSY);
    assertThat(new FrameSource(items, 1, 30).next().regime()).isEqualTo(Regime.CALM);
    assertThat(new Frame(0, new byte[4], 2, 3).regime()).isEqualTo(Regime.CALM);
  }

  @Test
  void regimesMustBeCalmAndBusy() {
    assertThatThrownBy(() -> new FrameSource.Regimes(10, 8, 10, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("calmSceneFrames must be >= 30");
    assertThatThrownBy(() -> new FrameSource.Regimes(90, 40, 10, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("busySceneFrames must be in [1, 30)");
    assertThatThrownBy(() -> new FrameSource(items, 1, (FrameSource.Regimes) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("regimes must not be null");
  }

  @Test
  void anotherSeedGivesOtherFrames() {
    Frame a = new FrameSource(items, 42).next();
    Frame b = new FrameSource(items, 43).next();

    assertThat(a.pixels()).isNotEqualTo(b.pixels());
  }

  @Test
  void framesAre64By64GreyWithTheirItemsLabel() {
    Frame frame = new FrameSource(items, 1).next();

    assertThat(frame.side()).isEqualTo(64);
    assertThat(frame.pixels()).hasSize(64 * 64);
    assertThat(frame.label()).isBetween(0, 9);
    assertThat(frame.className()).isEqualTo(FashionMnist.CLASS_NAMES.get(frame.label()));
  }

  @Test
  void itemChangesOnlyAtSceneCuts() {
    List<Frame> frames = frames(new FrameSource(items, 5, 10), 400);
    Set<Integer> labels = new HashSet<>();

    for (int scene = 0; scene < 40; scene++) {
      int label = frames.get(scene * 10).label();
      labels.add(label);
      for (int i = 1; i < 10; i++) {
        assertThat(frames.get(scene * 10 + i).label()).isEqualTo(label);
      }
    }
    assertThat(labels).as("40 scenes show many classes").hasSizeGreaterThan(5);
  }

  @Test
  void consecutiveFramesOfASceneDifferSlightlyAndSceneCutsDifferALot() {
    List<Frame> frames = frames(new FrameSource(items, 9, 20), 200);
    double within = 0;
    double across = 0;
    for (int scene = 0; scene < 10; scene++) {
      within += meanAbsoluteDifference(frames.get(scene * 20 + 5), frames.get(scene * 20 + 6));
      if (scene > 0) {
        across += meanAbsoluteDifference(frames.get(scene * 20 - 1), frames.get(scene * 20));
      }
    }
    within /= 10;
    across /= 9;

    assertThat(within).as("noise and drift move pixels").isGreaterThan(2);
    assertThat(across).as("a cut changes item and background").isGreaterThan(2 * within);
  }

  @Test
  void framesUseMuchOfTheGreyRangeWithoutSaturating() {
    Frame frame = new FrameSource(items, 3).next();
    int min = 255;
    int max = 0;
    int saturated = 0;
    for (byte b : frame.pixels()) {
      int v = b & 0xff;
      min = Math.min(min, v);
      max = Math.max(max, v);
      saturated += v == 255 ? 1 : 0;
    }

    assertThat(max - min).isGreaterThan(100);
    assertThat(saturated).isLessThan(64 * 64 / 10);
  }

  @Test
  void framesConvertToFloatsAndPng() {
    Frame frame = new FrameSource(items, 11).next();

    float[] floats = frame.toFloats();
    byte[] png = frame.toPng();

    assertThat(floats).hasSize(4096);
    assertThat(floats[17]).isEqualTo((frame.pixels()[17] & 0xff) / 255f);
    assertThat(Frames.fromPng(png)).isEqualTo(frame.pixels());
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> new FrameSource(List.of(), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("items must not be empty");
    assertThatThrownBy(() -> new FrameSource(items, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sceneLength must be >= 1, was 0");
    assertThatThrownBy(() -> new Frame(0, new byte[10], 64, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pixels must hold side * side = 4096 bytes, was 10");
  }

  private static List<Frame> frames(FrameSource source, int n) {
    List<Frame> frames = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      frames.add(source.next());
    }
    return frames;
  }

  private static double meanAbsoluteDifference(Frame a, Frame b) {
    long sum = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      sum += Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff));
    }
    return (double) sum / a.pixels().length;
  }
}
