package io.inferedge.policy.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferedge.contracts.StreamRequirements;
import io.inferedge.policy.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmulatorTest {

  private final Profile profile = Profile.fixture();
  private final EmulatorConfig training = EmulatorConfig.training(profile);

  @Test
  void theSameSeedAndActionsGiveTheSameEpisode() {
    assertThat(trajectory(42, new SplittableRandom(1)))
        .isEqualTo(trajectory(42, new SplittableRandom(1)));
    assertThat(trajectory(42, new SplittableRandom(1)))
        .isNotEqualTo(trajectory(43, new SplittableRandom(1)));
  }

  @Test
  void policiesOnTheSameSeedSeeTheSameConditions() {
    // Different actions, same seed: the link, the regime and the others' load are identical.
    List<String> a = conditions(7, new SplittableRandom(1));
    List<String> b = conditions(7, new SplittableRandom(2));
    assertThat(a).isEqualTo(b);
  }

  @Test
  void masksCutsAModelDoesNotHave() {
    Emulator emulator = new Emulator(training);
    emulator.reset(1, new float[emulator.stateSize()]);
    int nano = profile.modelNames().indexOf("nano");
    boolean[] allowed = new boolean[6];
    emulator.mask(1, new int[] {nano, 0, 0, 0}, allowed);
    assertThat(allowed).containsExactly(true, true, true, true, false, false);
    assertThatThrownBy(() -> emulator.step(new int[] {nano, 4, 0, 0}, new float[23]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("action is not allowed");
  }

  @Test
  void episodesAreTruncatedAtTheConfiguredLength() {
    LinkTrace link = LinkTrace.constant(profile.link("wifi-20"));
    Emulator emulator =
        new Emulator(
            EmulatorConfig.evaluation(profile, link, "jetson-tx2", StreamRequirements.BALANCED, 3));
    float[] state = new float[emulator.stateSize()];
    emulator.reset(1, state);
    int[] action = {0, 3, 0, 0};
    assertThat(emulator.step(action, state).done()).isFalse();
    assertThat(emulator.step(action, state).done()).isFalse();
    Step last = emulator.step(action, state);
    assertThat(last.truncated()).isTrue();
    assertThat(last.terminated()).isFalse();
  }

  @Test
  void theStateCarriesTheRequirementsAndTheLastPlan() {
    LinkTrace link = LinkTrace.constant(profile.link("lte-8"));
    Emulator emulator =
        new Emulator(
            EmulatorConfig.evaluation(
                profile, link, "jetson-tx2", StreamRequirements.ACCURACY_FIRST, 10));
    float[] state = new float[emulator.stateSize()];
    emulator.reset(3, state);
    List<String> names = emulator.stateFeatures();
    assertThat(state[names.indexOf("req.accuracyWeight")]).isEqualTo(0.6f);
    assertThat(state[names.indexOf("req.slo")]).isEqualTo(1f);
    assertThat(state[names.indexOf("last.model.large")]).isZero();
    int large = profile.modelNames().indexOf("large");
    emulator.step(new int[] {large, 0, 1, 2}, state);
    assertThat(state[names.indexOf("last.model.large")]).isEqualTo(1f);
    assertThat(state[names.indexOf("last.cut")]).isZero();
    assertThat(state[names.indexOf("last.resolution")]).isEqualTo(48 / 64f);
    assertThat(state[names.indexOf("last.frameSkip")]).isEqualTo(0.25f);
    // lte-8's RTT of 60 ms, estimated with noise.
    assertThat(state[names.indexOf("link.rtt")]).isBetween(0.2f, 0.4f);
  }

  private List<Double> trajectory(long seed, SplittableRandom actions) {
    Emulator emulator = new Emulator(training);
    float[] state = new float[emulator.stateSize()];
    emulator.reset(seed, state);
    List<Double> rewards = new ArrayList<>();
    for (int t = 0; t < 200; t++) {
      rewards.add(emulator.step(randomAction(emulator, actions), state).reward());
    }
    return rewards;
  }

  private List<String> conditions(long seed, SplittableRandom actions) {
    Emulator emulator = new Emulator(training);
    float[] state = new float[emulator.stateSize()];
    emulator.reset(seed, state);
    List<String> seen = new ArrayList<>();
    for (int t = 0; t < 200; t++) {
      Window w = emulator.upcomingWindow();
      double bandwidth = w.bandwidthMbps;
      seen.add(bandwidth + "/" + w.externalLoad + "/" + w.busy + "/" + w.rttMs[2]);
      Step step = emulator.step(randomAction(emulator, actions), state);
      // The window shown before the step is the one the step played.
      assertThat(step.outcome().bandwidthMbps()).isEqualTo(bandwidth);
    }
    return seen;
  }

  private static int[] randomAction(Emulator emulator, SplittableRandom random) {
    int[] action = new int[4];
    boolean[] allowed = new boolean[6];
    for (int h = 0; h < 4; h++) {
      emulator.mask(h, action, allowed);
      int n = emulator.actionSpace().heads().get(h).size();
      do {
        action[h] = random.nextInt(n);
      } while (!allowed[action[h]]);
    }
    return action;
  }
}
