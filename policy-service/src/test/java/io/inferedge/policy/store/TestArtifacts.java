package io.inferedge.policy.store;

import io.inferedge.contracts.PolicyPublished;
import io.inferedge.policy.a2c.HyperParameters;
import io.inferedge.policy.a2c.PolicyArtifact;
import io.inferedge.policy.environment.ActionSpace;
import io.inferedge.policy.environment.Emulator;
import io.inferedge.policy.environment.StateFeatures;
import io.inferedge.policy.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Untrained but well-formed policy artefacts for the fixture profile. */
final class TestArtifacts {

  private TestArtifacts() {}

  static PolicyArtifact random(long seed, boolean passed) {
    Profile fixture = Profile.fixture();
    List<String> features = new StateFeatures(fixture.modelNames()).names();
    ActionSpace space = Emulator.actionSpace(fixture);
    SplittableRandom random = new SplittableRandom(seed);
    List<PolicyPublished.DenseLayer> actor =
        List.of(
            layer(features.size(), 8, "tanh", random),
            layer(8, space.totalChoices(), "linear", random));
    return new PolicyArtifact(
        "a2c",
        fixture.name(),
        features,
        PolicyArtifact.heads(space),
        actor,
        HyperParameters.sb3Defaults(1000, seed),
        Map.of("steps", 1000),
        Map.of("passed", passed, "note", "test artefact"));
  }

  private static PolicyPublished.DenseLayer layer(
      int in, int out, String activation, SplittableRandom random) {
    List<Float> w = new ArrayList<>();
    for (int i = 0; i < in * out; i++) {
      w.add((float) random.nextGaussian());
    }
    List<Float> b = new ArrayList<>();
    for (int i = 0; i < out; i++) {
      b.add(0f);
    }
    return new PolicyPublished.DenseLayer(in, out, activation, w, b);
  }
}
