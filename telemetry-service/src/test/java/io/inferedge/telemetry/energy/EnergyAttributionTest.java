package io.inferedge.telemetry.energy;

import static io.inferedge.contracts.MeasurementSource.EMULATED;
import static io.inferedge.contracts.MeasurementSource.MEASURED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferedge.contracts.MeasurementSource;
import io.inferedge.telemetry.energy.EnergyAttribution.Coverage;
import io.inferedge.telemetry.energy.EnergyAttribution.Energy;
import io.inferedge.telemetry.energy.EnergyAttribution.Frame;
import io.inferedge.telemetry.energy.EnergyAttribution.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases. Power in mW times time in s is energy in mJ; every expected value is worked
 * out in the comment above it.
 */
class EnergyAttributionTest {

  static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");
  static final double EPS = 1e-9;

  private final EnergyAttribution attribution =
      new EnergyAttribution(
          new EnergyAttribution.Settings(Duration.ofSeconds(1), Duration.ofMillis(500), 6_000));

  private static Instant ms(double millis) {
    return T0.plusNanos(Math.round(millis * 1_000_000));
  }

  private static Frame frame(double startMs, double endMs) {
    return new Frame(UUID.randomUUID(), ms(startMs), ms(endMs));
  }

  private static List<Sample> samples(MeasurementSource source, double... msAndMilliwatts) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < msAndMilliwatts.length; i += 2) {
      samples.add(new Sample(ms(msAndMilliwatts[i]), msAndMilliwatts[i + 1], source));
    }
    return samples;
  }

  private Energy one(Frame frame, List<Sample> samples) {
    return attribution.attribute(List.of(frame), List.of(frame), samples).get(frame.id());
  }

  @Test
  void oneFrameIsTheTrapezoidIntegralOfTheInterpolatedPower() {
    // Power rises linearly from 1 W at 0 ms to 3 W at 100 ms. Over [25, 75] ms it goes from 1.5 W
    // to 2.5 W: mean 2 W x 0.05 s = 100 mJ.
    Frame frame = frame(25, 75);

    Energy energy = one(frame, samples(MEASURED, 0, 1_000, 100, 3_000));

    assertThat(energy.millijoules()).isCloseTo(100.0, within(EPS));
    assertThat(energy.source()).isEqualTo(MEASURED);
    assertThat(energy.coverage()).isEqualTo(Coverage.SAMPLED);
  }

  @Test
  void aFrameAcrossSeveralSamplesSumsTheirTrapezoids() {
    // [50, 250] ms over samples 0:1 W, 100:3 W, 200:1 W, 300:1 W.
    // [50,100]: 2 W -> 3 W, mean 2.5 W x 0.05 s = 125 mJ; [100,200]: 3 -> 1, 2 W x 0.1 s = 200 mJ;
    // [200,250]: 1 W x 0.05 s = 50 mJ. Total 375 mJ.
    Frame frame = frame(50, 250);

    Energy energy = one(frame, samples(MEASURED, 0, 1_000, 100, 3_000, 200, 1_000, 300, 1_000));

    assertThat(energy.millijoules()).isCloseTo(375.0, within(EPS));
  }

  @Test
  void overlappingFramesShareTheOverlapInProportion() {
    // Constant 4 W. A [10,50] and B [30,70] ms overlap on [30,50].
    // A alone [10,30]: 4 W x 0.02 s = 80 mJ; the overlap 80 mJ is split 40/40; B alone [50,70] 80.
    // A = 80 + 40 = 120 mJ, B = 40 + 80 = 120 mJ; together 240 mJ = 4 W x 0.06 s, nothing counted
    // twice.
    Frame a = frame(10, 50);
    Frame b = frame(30, 70);
    List<Sample> power = samples(MEASURED, 0, 4_000, 100, 4_000);

    Map<UUID, Energy> energies = attribution.attribute(List.of(a, b), List.of(a, b), power);

    assertThat(energies.get(a.id()).millijoules()).isCloseTo(120.0, within(EPS));
    assertThat(energies.get(b.id()).millijoules()).isCloseTo(120.0, within(EPS));
  }

  @Test
  void threeOverlappingFramesUnderChangingPowerConserveTheEnergy() {
    // Power 0 ms: 0 W, 100 ms: 10 W (P(t) = 0.1 W per ms). Frames A [0,60], B [20,80], C [40,100].
    // Pieces (energy of P over [u,v] = 0.05 x (v^2 - u^2) mJ with t in ms):
    //   [0,20]  20 mJ, A alone                  -> A 20
    //   [20,40] 60 mJ, A and B                  -> A 30, B 30
    //   [40,60] 100 mJ, A, B and C              -> A 33.33, B 33.33, C 33.33
    //   [60,80] 140 mJ, B and C                 -> B 70, C 70
    //   [80,100] 180 mJ, C alone                -> C 180
    // A = 83.333, B = 133.333, C = 283.333; sum 500 mJ = the integral over [0,100].
    Frame a = frame(0, 60);
    Frame b = frame(20, 80);
    Frame c = frame(40, 100);
    List<Sample> power = samples(MEASURED, 0, 0, 100, 10_000);

    Map<UUID, Energy> energies = attribution.attribute(List.of(a, b, c), List.of(a, b, c), power);

    assertThat(energies.get(a.id()).millijoules()).isCloseTo(20 + 30 + 100.0 / 3, within(1e-6));
    assertThat(energies.get(b.id()).millijoules()).isCloseTo(30 + 100.0 / 3 + 70, within(1e-6));
    assertThat(energies.get(c.id()).millijoules()).isCloseTo(100.0 / 3 + 70 + 180, within(1e-6));
    assertThat(energies.values().stream().mapToDouble(Energy::millijoules).sum())
        .isCloseTo(500.0, within(1e-6));
  }

  @Test
  void aFrameOverlappingAFrameNotBeingAttributedStillSharesWithIt() {
    // Constant 4 W; A [10,50] is attributed now, B [30,70] (already attributed, or not yet ready)
    // is known on the device: A = 80 + 40 = 120 mJ as when both are attributed together.
    Frame a = frame(10, 50);
    Frame b = frame(30, 70);

    Map<UUID, Energy> energies =
        attribution.attribute(List.of(a), List.of(a, b), samples(MEASURED, 0, 4_000, 100, 4_000));

    assertThat(energies).containsOnlyKeys(a.id());
    assertThat(energies.get(a.id()).millijoules()).isCloseTo(120.0, within(EPS));
  }

  @Test
  void idleGapsBetweenFramesAreNotAttributed() {
    // Constant 2 W. A [0,10] and B [60,70]: 20 mJ each. The 50 ms between them (100 mJ) belongs to
    // no frame.
    Frame a = frame(0, 10);
    Frame b = frame(60, 70);

    Map<UUID, Energy> energies =
        attribution.attribute(
            List.of(a, b), List.of(a, b), samples(MEASURED, 0, 2_000, 100, 2_000));

    assertThat(energies.get(a.id()).millijoules()).isCloseTo(20.0, within(EPS));
    assertThat(energies.get(b.id()).millijoules()).isCloseTo(20.0, within(EPS));
  }

  @Test
  void aMissingSampleIsInterpolatedAcrossAndStaysMeasured() {
    // The 100 ms sample is missing: the line from 1 W at 0 ms to 3 W at 200 ms is used.
    // [50,150]: 1.5 W -> 2.5 W, mean 2 W x 0.1 s = 200 mJ.
    Frame frame = frame(50, 150);

    Energy energy = one(frame, samples(MEASURED, 0, 1_000, 200, 3_000));

    assertThat(energy.millijoules()).isCloseTo(200.0, within(EPS));
    assertThat(energy.source()).isEqualTo(MEASURED);
    assertThat(energy.coverage()).isEqualTo(Coverage.SAMPLED);
  }

  @Test
  void aSensorGapLongerThanTheMaximumIsInterpolatedButLabelledEmulated() {
    // Samples 2 s apart (the maximum gap is 1 s): [500,1500] ms on the line 1 W -> 3 W over 2 s:
    // 1.5 W -> 2.5 W, mean 2 W x 1 s = 2000 mJ, but a guess, so emulated.
    Frame frame = frame(500, 1_500);

    Energy energy = one(frame, samples(MEASURED, 0, 1_000, 2_000, 3_000));

    assertThat(energy.millijoules()).isCloseTo(2_000.0, within(EPS));
    assertThat(energy.source()).isEqualTo(EMULATED);
  }

  @Test
  void samplesExactlyOnTheFrameEdges() {
    // Samples at 100 ms (2 W) and 200 ms (4 W), frame [100,200]: mean 3 W x 0.1 s = 300 mJ.
    Frame frame = frame(100, 200);

    assertThat(one(frame, samples(MEASURED, 100, 2_000, 200, 4_000)).millijoules())
        .isCloseTo(300.0, within(EPS));
  }

  @Test
  void thePowerModelsStepSamplesGiveActivePowerTimesComputeTime() {
    // What inference-service's power model sends for a 3 ms frame at 5 W active, 1 W idle:
    // idle at 20 ms, active 1 us later, active at 23 ms, idle 1 us later. [20.001, 23] at 5 W =
    // 14.995 mJ, plus the 1 us ramp at the start (mean 3 W x 1 us = 0.003 mJ): 14.998 mJ.
    Frame frame = frame(20, 23);

    Energy energy =
        one(frame, samples(EMULATED, 0, 1_000, 20, 1_000, 20.001, 5_000, 23, 5_000, 23.001, 1_000));

    assertThat(energy.millijoules()).isCloseTo(14.998, within(1e-9));
    assertThat(energy.source()).isEqualTo(EMULATED);
    assertThat(energy.coverage()).isEqualTo(Coverage.SAMPLED);
  }

  @Test
  void anyEmulatedSampleUnderTheFrameMakesItEmulated() {
    Frame frame = frame(25, 75);
    List<Sample> power =
        List.of(new Sample(ms(0), 1_000, MEASURED), new Sample(ms(100), 3_000, EMULATED));

    assertThat(one(frame, power).source()).isEqualTo(EMULATED);
  }

  @Test
  void samplesOutsideTheFrameDoNotChangeItsSource() {
    // An emulated sample long before the frame's bracketing samples does not taint it.
    Frame frame = frame(125, 175);
    List<Sample> power = new ArrayList<>(samples(EMULATED, 0, 9_000));
    power.addAll(samples(MEASURED, 100, 2_000, 200, 2_000));

    Energy energy = one(frame, power);

    assertThat(energy.millijoules()).isCloseTo(100.0, within(EPS));
    assertThat(energy.source()).isEqualTo(MEASURED);
  }

  @Test
  void aFrameBeyondTheLastSampleHoldsItAndIsLabelledExtrapolated() {
    // Samples 2 W at 0 and 100 ms; the frame [90,130] ends 30 ms after the last sample (within the
    // 500 ms hold): [90,100] 2 W x 0.01 s = 20 mJ, [100,130] held 2 W x 0.03 s = 60 mJ: 80 mJ.
    Frame frame = frame(90, 130);

    Energy energy = one(frame, samples(MEASURED, 0, 2_000, 100, 2_000));

    assertThat(energy.millijoules()).isCloseTo(80.0, within(EPS));
    assertThat(energy.coverage()).isEqualTo(Coverage.EXTRAPOLATED);
    assertThat(energy.source()).isEqualTo(EMULATED);
  }

  @Test
  void aFrameBeforeTheFirstSampleHoldsTheFirst() {
    // First sample 3 W at 100 ms; frame [80,120] on the 3 W -> 1 W line to 200 ms:
    // [80,100] held 3 W x 0.02 s = 60 mJ; [100,120] 3 W -> 2.6 W, mean 2.8 W x 0.02 s = 56 mJ.
    Frame frame = frame(80, 120);

    Energy energy = one(frame, samples(MEASURED, 100, 3_000, 200, 1_000));

    assertThat(energy.millijoules()).isCloseTo(116.0, within(EPS));
    assertThat(energy.coverage()).isEqualTo(Coverage.EXTRAPOLATED);
  }

  @Test
  void farFromAnySampleTheFallbackPowerIsUsed() {
    // No sample within 500 ms of [1000, 1020]: the fallback 6 W x 0.02 s = 120 mJ.
    Frame frame = frame(1_000, 1_020);

    Energy none = one(frame, List.of());
    Energy far = one(frame, samples(MEASURED, 0, 2_000));

    assertThat(none.millijoules()).isCloseTo(120.0, within(EPS));
    assertThat(none.coverage()).isEqualTo(Coverage.FALLBACK);
    assertThat(none.source()).isEqualTo(EMULATED);
    assertThat(far.millijoules()).isCloseTo(120.0, within(EPS));
    assertThat(far.coverage()).isEqualTo(Coverage.FALLBACK);
  }

  @Test
  void aFrameOfZeroLengthHasNoEnergy() {
    Frame frame = frame(50, 50);

    assertThat(one(frame, samples(MEASURED, 0, 2_000, 100, 2_000)).millijoules()).isZero();
  }

  @Test
  void whetherAFrameIsCoveredBySamplesOnBothSides() {
    List<Sample> power = samples(MEASURED, 0, 2_000, 100, 2_000);

    assertThat(EnergyAttribution.covered(frame(10, 100), power)).isTrue();
    assertThat(EnergyAttribution.covered(frame(10, 101), power)).isFalse();
    assertThat(EnergyAttribution.covered(frame(-1, 50), power)).isFalse();
    assertThat(EnergyAttribution.covered(frame(10, 20), List.of())).isFalse();
  }

  @Test
  void radioEnergyIsTransmitPowerTimesTransferTime() {
    // 18,432 bytes at 20 Mbit/s take 7,372.8 us; at 5,796 mW that is 42.733 mJ.
    assertThat(EnergyAttribution.radioMillijoules(7_373, 5_796.0))
        .isCloseTo(5_796.0 * 0.007373, within(EPS));
    assertThat(EnergyAttribution.radioMillijoules(0, 5_796.0)).isZero();
    assertThat(EnergyAttribution.radioMillijoules(7_373, null)).isZero();
  }

  @Test
  void deviceEnergyIsMeasuredOnlyWhenNothingInItIsModelled() {
    Energy measured = new Energy(100, MEASURED, Coverage.SAMPLED);

    var local = EnergyAttribution.deviceEnergy(measured, 0, 5_796.0);
    var sent = EnergyAttribution.deviceEnergy(measured, 7_373, 5_796.0);
    var emulated =
        EnergyAttribution.deviceEnergy(new Energy(100, EMULATED, Coverage.SAMPLED), 0, null);

    assertThat(local.millijoules()).isEqualTo(100);
    assertThat(local.source()).isEqualTo(MEASURED);
    assertThat(sent.millijoules()).isCloseTo(100 + 5_796.0 * 0.007373, within(EPS));
    assertThat(sent.radioMillijoules()).isCloseTo(5_796.0 * 0.007373, within(EPS));
    assertThat(sent.source()).isEqualTo(EMULATED); // the radio part is a model
    assertThat(emulated.source()).isEqualTo(EMULATED);
  }
}
