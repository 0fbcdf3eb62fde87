package io.inferedge.policy.decision;

import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import io.inferedge.policy.a2c.A2cPolicy;
import io.inferedge.policy.environment.ActionSpace;
import io.inferedge.policy.environment.PlanTable;
import io.inferedge.policy.environment.StateFeatures;
import io.inferedge.policy.profile.DeviceProfile;
import io.inferedge.policy.profile.Profile;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained actor in service: turns a {@link StreamState} and requirements into the state vector
 * (the same {@link StateFeatures} the emulator trained it on), runs the actor as plain Java arrays
 * and picks each head's most probable choice under the profile's masks. Immutable, thread-safe.
 */
public final class ServingPolicy {

  private final long version;
  private final A2cPolicy policy;
  private final Profile profile;
  private final StateFeatures features;
  private final Map<String, PlanTable> tables = new HashMap<>();
  private final String versionText;

  /**
   * @throws IllegalArgumentException if the policy's state features or heads are not the ones this
   *     profile gives
   */
  public ServingPolicy(long version, A2cPolicy policy, Profile profile) {
    this.version = version;
    this.versionText = Long.toString(version);
    this.policy = policy;
    this.profile = profile;
    this.features = new StateFeatures(profile.modelNames());
    if (!features.names().equals(policy.stateFeatures())) {
      throw new IllegalArgumentException(
          "stateFeatures must be " + features.names() + ", were " + policy.stateFeatures());
    }
    ActionSpace expected = PlanTable.actionSpace(profile);
    if (!expected.equals(policy.actionSpace())) {
      throw new IllegalArgumentException(
          "actionHeads must be " + expected.heads() + ", were " + policy.actionSpace().heads());
    }
    for (DeviceProfile d : profile.devices()) {
      tables.put(d.name(), new PlanTable(profile, d));
    }
  }

  public long version() {
    return version;
  }

  public Profile profile() {
    return profile;
  }

  /** Whether {@code device} is a device class of the profile. */
  public boolean knowsDevice(String device) {
    return tables.containsKey(device);
  }

  /**
   * Decides a plan.
   *
   * @throws IllegalArgumentException for an unknown device or a last plan the profile lacks
   */
  public PolicyChoice decide(StreamState state, StreamRequirements requirements) {
    PlanTable table = tables.get(state.device());
    if (table == null) {
      throw new IllegalArgumentException(
          "device must be one of " + tables.keySet() + ", was '" + state.device() + "'");
    }
    int lastModel = -1;
    double lastCutFraction = 0;
    Plan last = state.lastPlan();
    if (last != null) {
      lastModel = profile.modelNames().indexOf(last.modelVersion());
      if (lastModel < 0 || last.cutPoint() > table.blocks(lastModel)) {
        throw new IllegalArgumentException(
            "lastPlan must be a plan of the profile's models, was " + last.configId());
      }
      lastCutFraction = (double) last.cutPoint() / table.blocks(lastModel);
    }
    DeviceProfile device = table.device();
    float[] vector = new float[features.size()];
    features.encode(
        vector,
        state.bandwidthMbps(),
        state.previousBandwidthMbps(),
        state.rttMs(),
        state.serverLoad(),
        device.slowdown(),
        device.activeWatts(),
        device.radioTransmitWatts(),
        state.sceneCutsPerSecond(),
        state.motion(),
        requirements,
        lastModel,
        lastCutFraction,
        last == null ? 64 : last.inputResolution(),
        last == null ? 1 : last.frameSkip(),
        state.lastLatencyMs(),
        state.lastSloMissRate());
    ActionSpace space = policy.actionSpace();
    int[] action = new int[space.size()];
    double[] p = new double[space.totalChoices()];
    policy.decide(vector, table::mask, action, p);
    Plan plan =
        new Plan(
            profile.modelNames().get(action[0]),
            action[1],
            table.resolutionValue(action[2]),
            PlanTable.SKIPS[action[3]]);
    Map<String, Map<String, Double>> probabilities = new LinkedHashMap<>();
    int offset = 0;
    for (ActionSpace.Head head : space.heads()) {
      Map<String, Double> choices = new LinkedHashMap<>();
      List<String> names = head.choices();
      for (int i = 0; i < names.size(); i++) {
        choices.put(names.get(i), p[offset + i]);
      }
      probabilities.put(head.name(), choices);
      offset += names.size();
    }
    return new PolicyChoice(plan, versionText, probabilities);
  }
}
