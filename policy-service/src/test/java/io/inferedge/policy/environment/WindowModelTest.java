package io.inferedge.policy.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferedge.policy.profile.Profile;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The window physics against hand-computed cases on a jitter-free profile. */
class WindowModelTest {

  private final Profile profile = TinyProfiles.tiny();
  private final PlanTable table = new PlanTable(profile, profile.device("d"));
  private final Noise noise = new Noise();
  private final Window window = new Window();
  private final WindowResult result = new WindowResult();
  private final int offload = table.index(0, 0, 0);
  private final int local = table.index(0, 1, 0);

  @BeforeEach
  void calmFastLinkNoCutsNoLoad() {
    noise.draw(new SplittableRandom(1));
    window.bandwidthMbps = 8;
    Arrays.fill(window.rttMs, 50);
    window.externalLoad = 0;
    window.busy = false;
    Arrays.fill(window.noCut, 1);
    window.heldCorrect = 1;
    window.heldStay = 1;
  }

  @Test
  void deviceOnlyCostsTheDeviceTimeAndItsEnergy() {
    WindowModel.simulate(table, local, 1, window, noise, 100, 10, 2, false, result);
    // 2000 us on the host x slowdown 10 = 20 ms per frame, 4 frames processed.
    assertThat(result.processed).isEqualTo(4);
    assertThat(result.meanLatencyMs()).isCloseTo(20, within(1e-9));
    // 5 W x 20 ms = 100 mJ per frame, no radio.
    assertThat(result.energyMj).isCloseTo(400, within(1e-9));
    // Expected mode: each frame right with the calm accuracy.
    assertThat(result.correct).isCloseTo(4 * 0.8, within(1e-9));
  }

  @Test
  void offloadingAddsDeviceTransferRttQueueAndServerTime() {
    noiseWithoutWaiting();
    WindowModel.simulate(table, offload, 1, window, noise, 100, 10, 2, false, result);
    // 0.1 ms x 10 + 4096 B * 8 / 8 Mbit/s (4.096 ms) + 50 ms RTT + 1 ms server.
    assertThat(result.latenciesMs[0]).isCloseTo(1 + 4.096 + 50 + 1, within(1e-9));
    // 5 W x 1 ms + 1 W x 4.096 ms per frame.
    assertThat(result.energyMj).isCloseTo(4 * (5 + 4.096), within(1e-9));
  }

  @Test
  void frameSkipReusesLabelsUnlessTheSceneCut() {
    window.noCut[1] = 0; // a scene cut right before frame 1
    WindowModel.simulate(table, local, 2, window, noise, 100, 10, 2, false, result);
    assertThat(result.processed).isEqualTo(2);
    // Frame 0 processed (0.8), frame 1 reuses frame 0's label across a cut (0), frames 2 and 3:
    // 2 processed (0.8), 3 reuses it without a cut (0.8).
    assertThat(result.correct).isCloseTo(0.8 + 0 + 0.8 + 0.8, within(1e-9));
    assertThat(result.energyMj).isCloseTo(200, within(1e-9));
  }

  @Test
  void aResultLaterThanTheDeadlineDoesNotCountForItsFrame() {
    noiseWithoutWaiting();
    Arrays.fill(window.rttMs, 150); // every offloaded frame takes ~156 ms > SLO 100 ms
    window.heldCorrect = 1;
    window.heldStay = 1;
    WindowModel.simulate(table, offload, 1, window, noise, 100, 10, 2, false, result);
    assertThat(result.sloMisses).isEqualTo(4);
    // Frame j can use frame i's result if it arrived by j's deadline: 156 <= (j - i) * 100 + 100,
    // i.e. j - i >= 1. Frame 0 holds the old (right) label; frames 1-3 use earlier results (0.8).
    assertThat(result.correct).isCloseTo(1 + 3 * 0.8, within(1e-9));
  }

  @Test
  void theServerQueueWaitGrowsWithLoad() {
    for (int j = 0; j < WindowModel.FRAMES; j++) {
      noise.uWait[j] = 0; // always waits
      noise.eWait[j] = 1; // the mean wait
    }
    window.externalLoad = 0.5;
    WindowModel.simulate(table, offload, 1, window, noise, 1000, 10, 2, false, result);
    double own = 10 * 1.0 / 1000; // 10 frames/s x 1 ms of server time
    double rho = 0.5 + own;
    double expected = 1 + 4.096 + 50 + 2 / (1 - rho) + 1;
    assertThat(result.latenciesMs[0]).isCloseTo(expected, within(1e-9));
    assertThat(result.load).isCloseTo(rho, within(1e-12));
  }

  @Test
  void realisedCorrectnessComesFromTheNoise() {
    Arrays.fill(noise.uCorrect, 0.9); // above 0.8: wrong
    WindowModel.simulate(table, local, 1, window, noise, 100, 10, 2, true, result);
    assertThat(result.correct).isZero();
    Arrays.fill(noise.uCorrect, 0.1);
    WindowModel.simulate(table, local, 1, window, noise, 100, 10, 2, true, result);
    assertThat(result.correct).isEqualTo(4);
  }

  @Test
  void expectedAccuracyDiscountsReusedLabelsByTheCutRate() {
    double busyRate = 2.0;
    double stay = (1 + Math.exp(-busyRate / 10)) / 2;
    assertThat(WindowModel.expectedAccuracy(table, local, 2, true, busyRate, 10))
        .isCloseTo(0.6 * stay, within(1e-12));
  }

  private void noiseWithoutWaiting() {
    Arrays.fill(noise.uWait, 1.0);
  }
}
