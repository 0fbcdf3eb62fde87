package io.inferedge.policy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferedge.contracts.PolicyPublished;
import io.inferedge.policy.a2c.A2cPolicy;
import io.inferedge.policy.environment.ActionSpace;
import io.inferedge.policy.environment.Emulator;
import io.inferedge.policy.environment.EmulatorConfig;
import io.inferedge.policy.environment.LinkTrace;
import io.inferedge.policy.environment.StateFeatures;
import io.inferedge.policy.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A short evaluation end to end: every policy on the same runs, and the report's figures. */
class EvaluatorTest {

  private final Profile profile = Profile.fixture();

  @Test
  void runsEveryPolicyOnTheSameRunsAndChecksTheTargets() {
    List<LinkTrace> traces = LinkTrace.readClasspath("evaluation").subList(0, 2);
    Evaluator evaluator = new Evaluator(profile, traces, "jetson-tx2", 2, 100);
    Report report = new Report(evaluator.run(untrained(), line -> {}));

    for (String p : EmulatorConfig.REQUIREMENT_NAMES) {
      // The most accurate configuration is the reference of the degradation.
      assertThat(report.mean(p, "device-only", "accuracyDegradation")).isZero();
      // The best static plan is chosen in hindsight among all static plans, device-only and
      // server-only included.
      assertThat(report.mean(p, "best-static", "reward"))
          .isGreaterThanOrEqualTo(report.mean(p, "device-only", "reward"))
          .isGreaterThanOrEqualTo(report.mean(p, "server-only", "reward"));
      assertThat(report.mean(p, "oracle", "reward"))
          .isGreaterThan(report.mean(p, "random", "reward"));
      assertThat(report.mean(p, "device-only", "sloMissRate")).isZero();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> a2c =
        (Map<String, Object>)
            ((Map<String, Object>) report.profilesJson().get("balanced")).get("a2c");
    assertThat(a2c)
        .containsKeys(
            "reward",
            "latencyMeanMs",
            "latencyP95Ms",
            "accuracy",
            "accuracyDegradation",
            "energyPerFrameMj",
            "correctPerJoule",
            "sloMissRate",
            "normalisedScore",
            "ci95");
    assertThat(report.targets()).hasSize(11);
  }

  /** An untrained actor of the right shape. */
  private A2cPolicy untrained() {
    List<String> features = new StateFeatures(profile.modelNames()).names();
    ActionSpace space = Emulator.actionSpace(profile);
    SplittableRandom random = new SplittableRandom(3);
    List<Float> w = new ArrayList<>();
    for (int i = 0; i < features.size() * space.totalChoices(); i++) {
      w.add((float) random.nextGaussian());
    }
    List<Float> b = new ArrayList<>();
    for (int i = 0; i < space.totalChoices(); i++) {
      b.add(0f);
    }
    return new A2cPolicy(
        List.of(
            new PolicyPublished.DenseLayer(features.size(), space.totalChoices(), "linear", w, b)),
        features,
        space);
  }
}
