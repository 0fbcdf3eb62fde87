package io.inferedge.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferedge.contracts.Plan;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The live per-stream estimators, the frame-skip window, the decision log and idle eviction. */
class LiveStateTest {

  static final long SECOND = 1_000_000_000L;

  LiveState state = new LiveState(20, 10, 0.25, 3, 0);

  @Test
  void beforeAnyTransferTheLinkProfileIsTheEstimate() {
    var s = state.state("jetson-tx2", 0);

    assertThat(s.bandwidthMbps()).isEqualTo(20);
    assertThat(s.previousBandwidthMbps()).isEqualTo(20);
    assertThat(s.rttMs()).isEqualTo(10);
    assertThat(s.serverLoad()).isZero();
    assertThat(s.motion()).isZero();
    assertThat(s.lastPlan()).isNull();
  }

  @Test
  void bandwidthIsAnEwmaOfBytesOverTransferTime() {
    // 10000 bytes in 8000 us = 10 Mbit/s; then 5000 bytes in 8000 us = 5 Mbit/s.
    state.observeResult(10_000, 8_000, 0, 1_000, 20_000, 150, 0);
    assertThat(state.bandwidthMbps()).isCloseTo(10, within(1e-9));

    state.observeResult(5_000, 8_000, 0, 1_000, 20_000, 150, 0);
    assertThat(state.bandwidthMbps())
        .isCloseTo(LiveState.ALPHA * 5 + (1 - LiveState.ALPHA) * 10, within(1e-9));
  }

  @Test
  void deviceOnlyFramesLeaveTheLinkEstimatesAlone() {
    state.observeResult(0, 0, 0, 0, 20_000, 150, 0);

    assertThat(state.bandwidthMbps()).isEqualTo(20);
    assertThat(state.rttMs()).isEqualTo(10);
  }

  @Test
  void staleLinkEstimatesMoveBackTowardTheLinkProfile() {
    // One slow transfer (a cold connection): 875 bytes in 100 ms = 0.07 Mbit/s, RTT 100 ms.
    state.observeResult(875, 100_000, 0, 1_000, 120_000, 150, 0);
    assertThat(state.state("jetson-tx2", LiveState.STALE_SECONDS * SECOND).bandwidthMbps())
        .isCloseTo(0.07, within(1e-9));

    // One half-life after going stale: halfway back to the profile's 20 Mbit/s and 10 ms.
    long halfLife = (LiveState.STALE_SECONDS + LiveState.HALF_LIFE_SECONDS) * SECOND;
    var half = state.state("jetson-tx2", halfLife);
    assertThat(half.bandwidthMbps()).isCloseTo((0.07 + 20) / 2, within(1e-9));
    assertThat(half.rttMs()).isCloseTo((100 + 10) / 2.0, within(1e-9));
    assertThat(state.state("jetson-tx2", 120 * SECOND).bandwidthMbps()).isCloseTo(20, within(1e-3));

    // A new transfer (10 Mbit/s, 10 ms) is averaged with the decayed estimate, not the stale one,
    // and restarts the RTT window.
    state.observeResult(12_500, 10_000, 0, 1_000, 20_000, 150, 120 * SECOND);
    var fresh = state.state("jetson-tx2", 121 * SECOND);
    assertThat(fresh.bandwidthMbps())
        .isCloseTo(LiveState.ALPHA * 10 + (1 - LiveState.ALPHA) * 20, within(1e-3));
    assertThat(fresh.rttMs()).isEqualTo(10);
  }

  @Test
  void rttIsTheSmallestRecentTransferTime() {
    state.observeResult(1_000, 9_000, 0, 1_000, 20_000, 150, 0);
    state.observeResult(50_000, 30_000, 0, 1_000, 40_000, 150, 0);
    state.observeResult(1_000, 7_500, 0, 1_000, 20_000, 150, 0);

    assertThat(state.rttMs()).isEqualTo(7.5);
    // Older samples drop out of the window.
    for (int i = 0; i < LiveState.RECENT; i++) {
      state.observeResult(1_000, 12_000, 0, 1_000, 20_000, 150, 0);
    }
    assertThat(state.rttMs()).isEqualTo(12);
  }

  @Test
  void serverLoadIsQueueOverQueuePlusCompute() {
    state.observeResult(1_000, 5_000, 3_000, 1_000, 20_000, 150, 0);

    assertThat(state.state("x", 0).serverLoad()).isCloseTo(LiveState.ALPHA * 0.75, within(1e-9));
  }

  @Test
  void latencyAndSloMissesAreTracked() {
    state.observeResult(0, 0, 0, 0, 200_000, 150, 0);

    var s = state.state("x", 0);
    assertThat(s.lastLatencyMs()).isEqualTo(200);
    assertThat(s.lastSloMissRate()).isEqualTo(1);
  }

  @Test
  void frameDifferenceIsTheMeanAbsoluteGreyDifference() {
    byte[] black = new byte[4096];
    byte[] grey = new byte[4096];
    Arrays.fill(grey, (byte) 51); // 51 / 255 = 0.2
    byte[] white = new byte[4096];
    Arrays.fill(white, (byte) 0xff);

    assertThat(LiveState.meanAbsoluteDifference(black, grey)).isCloseTo(0.2, within(1e-9));
    assertThat(LiveState.meanAbsoluteDifference(white, black)).isEqualTo(1.0);
    assertThat(LiveState.meanAbsoluteDifference(grey, grey)).isZero();
  }

  @Test
  void motionIsAnEwmaOfFrameDifferencesAndLargeOnesAreSceneCuts() {
    byte[] black = new byte[4096];
    byte[] grey = new byte[4096];
    Arrays.fill(grey, (byte) 51);
    byte[] white = new byte[4096];
    Arrays.fill(white, (byte) 0xff);

    assertThat(state.observeFrame(black, 0)).isEqualTo(-1);
    assertThat(state.observeFrame(grey, SECOND)).isCloseTo(0.2, within(1e-9));
    assertThat(state.state("x", SECOND).motion()).isCloseTo(0.2, within(1e-9));
    assertThat(state.state("x", SECOND).sceneCutsPerSecond()).isZero();

    double cut = state.observeFrame(white, 2 * SECOND);
    assertThat(cut).isCloseTo(0.8, within(1e-9));
    var s = state.state("x", 2 * SECOND);
    assertThat(s.motion())
        .isCloseTo(LiveState.ALPHA * 0.8 + (1 - LiveState.ALPHA) * 0.2, within(1e-9));
    assertThat(s.sceneCutsPerSecond()).isEqualTo(1.0 / LiveState.CUT_WINDOW_SECONDS);
    // The cut leaves the window after CUT_WINDOW_SECONDS.
    assertThat(state.state("x", 20 * SECOND).sceneCutsPerSecond()).isZero();
  }

  @Test
  void aPlanWithFrameSkipTwoLetsEverySecondFrameReuseTheLastResult() {
    assertThat(state.reuse(0)).isNull();
    Plan plan = Plan.parse("small/c2/r48/s2");
    var result = new LiveState.Reusable(3, "dress", 0.8, plan, "in-process", "4", null);
    state.executed(plan, result, 20);

    assertThat(state.reuse(0)).isEqualTo(result);
    assertThat(state.reuse(0)).isNull();
    assertThat(state.state("x", 0).lastPlan()).isEqualTo(plan);
  }

  @Test
  void theDecisionLogKeepsTheLastEntries() {
    for (int i = 0; i < 5; i++) {
      state.log(
          new DecisionEntry(
              Instant.EPOCH, i, "nano/c3/r64/s1", "default", "fallback-default", null, null));
    }

    assertThat(state.decisions()).extracting(DecisionEntry::frameSeq).containsExactly(2L, 3L, 4L);
  }

  @Test
  void idleStreamsAreForgottenAndTheCountIsBounded() {
    var states = new LiveStates(20, 10, 0.25, 10, 80 * SECOND, 2, 0);
    states.get("a", 0);
    states.get("b", 50 * SECOND);

    states.get("b", 100 * SECOND);

    assertThat(states.find("a")).isEmpty();
    assertThat(states.find("b")).isPresent();
    states.get("c", 101 * SECOND);
    states.get("d", 102 * SECOND);
    assertThat(states.size()).isEqualTo(2);
    assertThat(states.find("b")).isEmpty();
  }
}
