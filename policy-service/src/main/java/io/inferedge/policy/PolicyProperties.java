package io.inferedge.policy;

import io.inferedge.contracts.Plan;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * policy-service settings, under {@code infer-edge.policy}. Checked when bound, so a bad value
 * fails start-up with a message naming it.
 *
 * @param defaultPlan the plan decided until a trained policy is active, as a config id such as
 *     {@code nano/c3/r64/s1}
 * @param maxPageSize largest {@code size} a query may ask for; larger is a 400
 * @param defaultPageSize {@code size} of a query that does not give one
 * @param profile the measured profile the policies serve (a file); empty for the measured profile
 *     shipped in the jar
 * @param bootstrapPolicy a policy artefact imported when the store holds no version yet (a Spring
 *     resource location); empty for none
 * @param activateBootstrap activate the imported bootstrap policy if it passed its evaluation
 * @param online online learning: background fine-tuning, the candidate gate and automatic rollback
 *     (docs/policy.md, "Online learning")
 */
@ConfigurationProperties("infer-edge.policy")
public record PolicyProperties(
    @DefaultValue("nano/c3/r64/s1") String defaultPlan,
    @DefaultValue("500") int maxPageSize,
    @DefaultValue("50") int defaultPageSize,
    @DefaultValue("") String profile,
    @DefaultValue("classpath:policies/a2c.json") String bootstrapPolicy,
    @DefaultValue("true") boolean activateBootstrap,
    @DefaultValue Online online) {

  /**
   * Online learning, under {@code infer-edge.policy.online}.
   *
   * @param enabled run fine-tuning rounds and the rollback watch on their schedules; off by default
   *     (rounds can still be run by code)
   * @param interval time between the end of one fine-tuning round and the start of the next
   * @param minNewOutcomes outcomes stored since the previous round needed to start a round
   * @param stepsPerRound emulator steps of one round of A2C fine-tuning (summed over environments)
   * @param learningRate RMSprop step size of fine-tuning (the parent's hyper-parameters otherwise)
   * @param criticWarmupSteps steps at the start of a round in which only the fresh critic learns
   * @param margin the gate: a candidate may be worse than the active version by at most this much
   *     mean reward, on the emulator and on the live replay (negative: it must be better)
   * @param gateSeeds held-out evaluation seeds per trace and requirement profile of the gate
   * @param gateSteps decision windows per gate run
   * @param replayStates most recent logged live states replayed through both actors by the gate
   * @param minReplayStates fewer logged states than this and the live replay is skipped (noted)
   * @param calibrationMinSamples live outcomes a configuration needs before its emulated accuracy
   *     or device latency is replaced by the live figures
   * @param liveWindow how far back live rewards, calibration and replay look
   * @param device the device class assumed for decisions logged without a state
   * @param rollbackInterval time between two checks of the rollback watch
   * @param rollbackMargin roll back when the new version's live reward is below its predecessor's
   *     by more than this
   * @param rollbackMinFrames live frames both versions need before the watch compares them
   */
  public record Online(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("PT10M") Duration interval,
      @DefaultValue("500") int minNewOutcomes,
      @DefaultValue("200000") long stepsPerRound,
      @DefaultValue("0.0002") double learningRate,
      @DefaultValue("20000") long criticWarmupSteps,
      @DefaultValue("0.01") double margin,
      @DefaultValue("3") int gateSeeds,
      @DefaultValue("300") int gateSteps,
      @DefaultValue("2000") int replayStates,
      @DefaultValue("20") int minReplayStates,
      @DefaultValue("50") int calibrationMinSamples,
      @DefaultValue("PT1H") Duration liveWindow,
      @DefaultValue("jetson-tx2") String device,
      @DefaultValue("PT1M") Duration rollbackInterval,
      @DefaultValue("0.05") double rollbackMargin,
      @DefaultValue("200") int rollbackMinFrames) {

    public Online {
      positive("interval", interval);
      positive("liveWindow", liveWindow);
      positive("rollbackInterval", rollbackInterval);
      if (minNewOutcomes < 0) {
        throw new IllegalArgumentException("minNewOutcomes must be >= 0, was " + minNewOutcomes);
      }
      if (stepsPerRound < 1) {
        throw new IllegalArgumentException("stepsPerRound must be >= 1, was " + stepsPerRound);
      }
      if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
        throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
      }
      if (criticWarmupSteps < 0 || criticWarmupSteps >= stepsPerRound) {
        throw new IllegalArgumentException(
            "criticWarmupSteps must be in [0, stepsPerRound), was " + criticWarmupSteps);
      }
      if (!Double.isFinite(margin) || !Double.isFinite(rollbackMargin) || rollbackMargin < 0) {
        throw new IllegalArgumentException(
            "margin must be finite and rollbackMargin finite and >= 0, were "
                + margin
                + ", "
                + rollbackMargin);
      }
      if (gateSeeds < 1 || gateSteps < 1 || replayStates < 0 || minReplayStates < 0) {
        throw new IllegalArgumentException(
            "gateSeeds and gateSteps must be >= 1, replayStates and minReplayStates >= 0");
      }
      if (calibrationMinSamples < 1 || rollbackMinFrames < 1) {
        throw new IllegalArgumentException(
            "calibrationMinSamples and rollbackMinFrames must be >= 1");
      }
      if (device == null || device.isBlank()) {
        throw new IllegalArgumentException("device must not be blank");
      }
    }

    private static void positive(String field, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(field + " must be > 0, was " + value);
      }
    }

    /** The same settings with another gate margin. */
    public Online withMargin(double value) {
      return new Online(
          enabled,
          interval,
          minNewOutcomes,
          stepsPerRound,
          learningRate,
          criticWarmupSteps,
          value,
          gateSeeds,
          gateSteps,
          replayStates,
          minReplayStates,
          calibrationMinSamples,
          liveWindow,
          device,
          rollbackInterval,
          rollbackMargin,
          rollbackMinFrames);
    }
  }

  public PolicyProperties {
    try {
      Plan.parse(defaultPlan);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("defaultPlan is not a valid plan: " + e.getMessage(), e);
    }
    if (maxPageSize < 1) {
      throw new IllegalArgumentException("maxPageSize must be >= 1, was " + maxPageSize);
    }
    if (defaultPageSize < 1 || defaultPageSize > maxPageSize) {
      throw new IllegalArgumentException(
          "defaultPageSize must be in [1, maxPageSize="
              + maxPageSize
              + "], was "
              + defaultPageSize);
    }
  }

  /** {@link #defaultPlan()} parsed. */
  public Plan plan() {
    return Plan.parse(defaultPlan);
  }
}
