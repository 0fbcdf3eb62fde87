package io.inferedge.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferedge.launcher.DemoClient.LinkSample;
import io.inferedge.launcher.DemoClient.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoWindowsTest {

  private static Sample sample(long atMillis, String plan, boolean busy) {
    return new Sample(atMillis, plan, false, 1_000, true, busy);
  }

  @Test
  void samplesAndLinkProbesAreCountedPerWindow() {
    List<Sample> samples =
        List.of(
            sample(0, "small/c2/r48/s1", false),
            sample(9_999, "small/c2/r48/s1", true),
            sample(10_000, "medium/c5/r48/s2", true),
            sample(15_000, "small/c2/r48/s1", true),
            sample(25_500, "medium/c5/r48/s2", false));
    List<LinkSample> link =
        List.of(
            new LinkSample(1_000, 8.0, 16_000),
            new LinkSample(2_000, 6.0, 20_000),
            new LinkSample(12_000, 1.0, 130_000));

    List<DemoClient.Window> windows = DemoClient.windows(samples, link, 10, 26_000);

    assertThat(windows).hasSize(3);
    DemoClient.Window first = windows.get(0);
    assertThat(first.fromSeconds()).isZero();
    assertThat(first.frames()).isEqualTo(2);
    assertThat(first.busyFrames()).isEqualTo(1);
    assertThat(first.plans()).isEqualTo(Map.of("small/c2/r48/s1", 2));
    assertThat(first.linkMbps()).isEqualTo(7.0);
    assertThat(first.transferMillis()).isEqualTo(18.0);

    DemoClient.Window second = windows.get(1);
    assertThat(second.fromSeconds()).isEqualTo(10);
    assertThat(second.plans()).isEqualTo(Map.of("medium/c5/r48/s2", 1, "small/c2/r48/s1", 1));
    assertThat(second.busyFrames()).isEqualTo(2);
    assertThat(second.linkMbps()).isEqualTo(1.0);

    DemoClient.Window third = windows.get(2);
    assertThat(third.frames()).isEqualTo(1);
    assertThat(third.linkMbps()).isNaN();
  }

  @Test
  void aSampleAfterTheLastFullWindowFallsIntoTheLastWindow() {
    List<DemoClient.Window> windows =
        DemoClient.windows(List.of(sample(10_500, "a", false)), List.of(), 10, 10_000);

    assertThat(windows).hasSize(1);
    assertThat(windows.get(0).frames()).isEqualTo(1);
  }

  @Test
  void noSamplesGiveOneEmptyWindow() {
    List<DemoClient.Window> windows = DemoClient.windows(List.of(), List.of(), 10, 0);

    assertThat(windows).hasSize(1);
    assertThat(windows.get(0).frames()).isZero();
    assertThat(windows.get(0).plans()).isEmpty();
  }
}
