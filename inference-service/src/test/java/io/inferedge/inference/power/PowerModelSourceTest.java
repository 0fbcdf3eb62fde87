package io.inferedge.inference.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.PowerSampled;
import io.inferedge.inference.InferenceProperties.DeviceProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PowerModelSource} and {@link BusyIntervals}: idle 1 W, active 5 W, a read every 100 ms.
 * The samples are integrated by trapezoids, as telemetry does, and compared with hand-computed
 * energies.
 */
class PowerModelSourceTest {

  static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");
  static final DeviceProfile PROFILE = new DeviceProfile(1_000, 5_000, 1);

  private final BusyIntervals busy = new BusyIntervals();
  private final PowerModelSource model = new PowerModelSource(busy, PROFILE);

  private static Instant ms(double millis) {
    return T0.plusNanos((long) (millis * 1_000_000));
  }

  /** Trapezoid integral of the samples over [from, to], in millijoules. */
  static double integral(List<PowerSampled.Sample> samples, Instant from, Instant to) {
    double millijoules = 0;
    for (int i = 1; i < samples.size(); i++) {
      Instant a = samples.get(i - 1).sampledAt();
      Instant b = samples.get(i).sampledAt();
      Instant lo = a.isBefore(from) ? from : a;
      Instant hi = b.isAfter(to) ? to : b;
      if (!lo.isBefore(hi)) {
        continue;
      }
      double span = Duration.between(a, b).toNanos();
      double pa = samples.get(i - 1).powerMilliwatts();
      double pb = samples.get(i).powerMilliwatts();
      double plo = pa + (pb - pa) * Duration.between(a, lo).toNanos() / span;
      double phi = pa + (pb - pa) * Duration.between(a, hi).toNanos() / span;
      millijoules += (plo + phi) / 2 * Duration.between(lo, hi).toNanos() / 1e9;
    }
    return millijoules;
  }

  @Test
  void isEmulatedFromThePowerModel() {
    assertThat(model.source()).isEqualTo(MeasurementSource.EMULATED);
    assertThat(model.sensor()).isEqualTo("power-model");
  }

  @Test
  void anIdlePeriodIsOneSampleAtIdlePower() {
    assertThat(model.read(T0)).containsExactly(new PowerSampled.Sample(T0, 1_000));
    assertThat(model.read(ms(100))).containsExactly(new PowerSampled.Sample(ms(100), 1_000));
  }

  @Test
  void aFrameShorterThanThePeriodGetsActivePowerForItsComputeTime() {
    List<PowerSampled.Sample> samples = new ArrayList<>(model.read(T0));
    busy.begin(ms(20)).end(ms(23));

    samples.addAll(model.read(ms(100)));

    assertThat(samples)
        .containsExactly(
            new PowerSampled.Sample(T0, 1_000),
            new PowerSampled.Sample(ms(20), 1_000),
            new PowerSampled.Sample(ms(20.001), 5_000),
            new PowerSampled.Sample(ms(23), 5_000),
            new PowerSampled.Sample(ms(23.001), 1_000),
            new PowerSampled.Sample(ms(100), 1_000));
    // 3 ms at 5 W = 15 mJ, less half a microsecond of the 4 W step at the start: 15 - 0.002 mJ.
    assertThat(integral(samples, ms(20), ms(23))).isCloseTo(15.0, within(0.003));
    // The whole period: 97 ms at 1 W + 3 ms at 5 W = 112 mJ (within the two 1-us ramps).
    assertThat(integral(samples, T0, ms(100))).isCloseTo(112.0, within(0.005));
  }

  @Test
  void overlappingFramesMakeTheDeviceBusyOnceNotTwice() {
    List<PowerSampled.Sample> samples = new ArrayList<>(model.read(T0));
    busy.begin(ms(10)).end(ms(30));
    busy.begin(ms(20)).end(ms(40));

    samples.addAll(model.read(ms(100)));

    // Busy from 10 to 40 ms: 30 ms at 5 W + 70 ms at 1 W = 220 mJ.
    assertThat(integral(samples, T0, ms(100))).isCloseTo(220.0, within(0.005));
  }

  @Test
  void aFrameStillComputingAtAReadRunsIntoTheNextPeriod() {
    List<PowerSampled.Sample> samples = new ArrayList<>(model.read(T0));
    BusyIntervals.Busy frame = busy.begin(ms(80));

    samples.addAll(model.read(ms(100)));
    assertThat(samples.get(samples.size() - 1)).isEqualTo(new PowerSampled.Sample(ms(100), 5_000));

    frame.end(ms(130));
    samples.addAll(model.read(ms(200)));

    // Busy from 80 to 130 ms: 50 ms at 5 W + 150 ms at 1 W = 400 mJ.
    assertThat(integral(samples, T0, ms(200))).isCloseTo(400.0, within(0.005));
    assertThat(integral(samples, ms(80), ms(130))).isCloseTo(250.0, within(0.005));
  }

  @Test
  void aFrameThatEndedBetweenTheLastReadAndItsEndCallDropsToIdle() {
    List<PowerSampled.Sample> samples = new ArrayList<>(model.read(T0));
    BusyIntervals.Busy frame = busy.begin(ms(90));
    samples.addAll(model.read(ms(100))); // still open: busy at 100 ms
    frame.end(ms(99)); // the end is stamped before the read that saw it open

    samples.addAll(model.read(ms(200)));

    assertThat(samples.get(samples.size() - 2))
        .isEqualTo(new PowerSampled.Sample(ms(100.001), 1_000));
    assertThat(samples).isSortedAccordingTo((a, b) -> a.sampledAt().compareTo(b.sampledAt()));
  }

  @Test
  void samplesAreStrictlyInTimeOrderEvenForBackToBackFrames() {
    List<PowerSampled.Sample> samples = new ArrayList<>(model.read(T0));
    busy.begin(ms(10)).end(ms(20));
    busy.begin(ms(20.001)).end(ms(30));
    busy.begin(ms(30.0015)).end(ms(30.0016)); // shorter than the resolution

    samples.addAll(model.read(ms(100)));

    for (int i = 1; i < samples.size(); i++) {
      assertThat(samples.get(i).sampledAt()).isAfter(samples.get(i - 1).sampledAt());
    }
    assertThat(integral(samples, T0, ms(100))).isCloseTo(80 * 1.0 + 20 * 5.0, within(0.01));
  }

  @Test
  void oldIntervalsAreForgotten() {
    var shortMemory = new BusyIntervals(Duration.ofSeconds(1));
    shortMemory.begin(T0).end(ms(1));
    shortMemory.begin(ms(1_500)).end(ms(1_501));

    shortMemory.begin(ms(2_000)).end(ms(2_001));

    assertThat(shortMemory.size()).isEqualTo(2);
  }
}
