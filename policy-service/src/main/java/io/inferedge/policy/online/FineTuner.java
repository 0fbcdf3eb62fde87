package io.inferedge.policy.online;

import io.inferedge.contracts.PolicyPublished;
import io.inferedge.policy.PolicyProperties;
import io.inferedge.policy.a2c.A2cPolicy;
import io.inferedge.policy.a2c.A2cTrainer;
import io.inferedge.policy.a2c.HyperParameters;
import io.inferedge.policy.a2c.PolicyArtifact;
import io.inferedge.policy.environment.Emulator;
import io.inferedge.policy.environment.EmulatorConfig;
import io.inferedge.policy.profile.Profile;
import io.inferedge.policy.store.PolicyStore;
import io.inferedge.policy.store.PolicyVersion;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.core.log.LogAccessor;
import org.springframework.stereotype.Service;

/**
 * One round of online learning: when enough outcomes arrived since the previous round, calibrate
 * the emulator by the live outcomes ({@link Calibration}), continue A2C training from the active
 * version's actor on it, store the result as a candidate version (parent = the active version,
 * hyper-parameters, training and gate summary) and activate it through the store (which publishes
 * {@code PolicyPublished}) only if it passes the {@link CandidateGate} and the active version did
 * not change meanwhile. A failed candidate is kept, not activated, with its reason. Rounds are
 * serialised (synchronized); thread-safe.
 */
@Service
public final class FineTuner {

  private static final LogAccessor LOG = new LogAccessor(FineTuner.class);

  private final PolicyStore store;
  private final LiveExperience experience;
  private final Profile profile;
  private final PolicyProperties properties;
  private final Clock clock;
  private final Timer rounds;
  private Instant lastRound = Instant.EPOCH;
  private long roundCount;

  FineTuner(
      PolicyStore store,
      LiveExperience experience,
      Profile profile,
      PolicyProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.store = store;
    this.experience = experience;
    this.profile = profile;
    this.properties = properties;
    this.clock = clock;
    this.rounds =
        Timer.builder("policy.online.round")
            .description("Wall time of online-learning rounds that trained a candidate")
            .register(meters);
  }

  /**
   * What a round did.
   *
   * @param trained whether a candidate was trained (false: skipped, see {@code reason})
   * @param parentVersion the active version it started from, null when skipped before
   * @param candidateVersion the stored candidate, null when none
   * @param passed whether it passed the gate
   * @param activated whether it is now active
   * @param reason the gate's verdict or why the round was skipped
   * @param newOutcomes outcomes stored since the previous round
   * @param trainingSeconds wall time of the training
   * @param roundSeconds wall time of the whole round
   */
  public record Round(
      boolean trained,
      Long parentVersion,
      Long candidateVersion,
      boolean passed,
      boolean activated,
      String reason,
      long newOutcomes,
      double trainingSeconds,
      double roundSeconds) {

    static Round skipped(String reason, long newOutcomes) {
      return new Round(false, null, null, false, false, reason, newOutcomes, 0, 0);
    }
  }

  /** A round with the configured settings. */
  public Round runRound() {
    return runRound(properties.online());
  }

  /** A round with the given settings (tests and operators may use smaller ones). */
  public synchronized Round runRound(PolicyProperties.Online settings) {
    long started = System.nanoTime();
    Instant now = clock.instant();
    long fresh = experience.outcomesReceivedAfter(lastRound);
    if (fresh < settings.minNewOutcomes()) {
      return Round.skipped(
          fresh + " new outcomes since the previous round < " + settings.minNewOutcomes(), fresh);
    }
    Optional<PolicyStore.Active> current = store.active();
    if (current.isEmpty()) {
      return Round.skipped("no policy version is active", fresh);
    }
    PolicyVersion parent = current.get().version();
    PolicyArtifact parentArtifact = current.get().artifact();
    lastRound = now;
    roundCount++;

    Instant since = now.minus(settings.liveWindow());
    Calibration.Result calibration =
        Calibration.of(
            profile, experience.frames(since), settings.calibrationMinSamples(), settings.device());
    HyperParameters hp =
        fineTuning(parentArtifact, settings, parent.version() * 1_000 + roundCount);
    A2cTrainer.TrainingRun run;
    Profile calibrated = calibration.profile();
    EmulatorConfig training = EmulatorConfig.training(calibrated);
    try (A2cTrainer trainer =
        new A2cTrainer(
            i -> new Emulator(training),
            hp,
            parentArtifact.actor(),
            line -> LOG.debug(() -> line),
            30)) {
      run = trainer.warmUpCritic(settings.criticWarmupSteps()).train();
    }
    A2cPolicy candidate = run.policy();
    CandidateGate.Verdict verdict =
        CandidateGate.judge(
            candidate,
            parentArtifact.policy(),
            calibrated,
            settings.device(),
            experience.states(since, settings.replayStates()),
            settings.gateSeeds(),
            settings.gateSteps(),
            settings.minReplayStates(),
            settings.margin());

    Map<String, Object> evaluation = new LinkedHashMap<>();
    evaluation.put("passed", verdict.passed());
    evaluation.put("reason", verdict.reason());
    evaluation.put("kind", "online-fine-tuning");
    evaluation.put("margin", settings.margin());
    evaluation.put("device", settings.device());
    evaluation.put(
        "emulator",
        withSetup(verdict.emulator().summary(), settings.gateSeeds(), settings.gateSteps()));
    evaluation.put(
        "liveReplay",
        verdict.replay() == null
            ? Map.of("skipped", true, "states", verdict.replayStates())
            : verdict.replay().summary());
    List<Map<String, Object>> adjustments = new ArrayList<>();
    for (Calibration.Adjustment a : calibration.adjustments()) {
      adjustments.add(
          Map.of(
              "what", a.what(),
              "samples", a.samples(),
              "profile", CandidateGate.round(a.profile()),
              "live", CandidateGate.round(a.live())));
    }
    evaluation.put("calibration", adjustments);
    Map<String, Object> trainingSummary = new LinkedHashMap<>();
    trainingSummary.put("steps", run.steps());
    trainingSummary.put("seconds", run.seconds());
    trainingSummary.put("fineTunedFrom", parent.version());
    trainingSummary.put("criticWarmupSteps", settings.criticWarmupSteps());
    trainingSummary.put("newOutcomes", fresh);
    PolicyArtifact artifact =
        new PolicyArtifact(
            "a2c",
            parentArtifact.profile() == null ? profile.name() : parentArtifact.profile(),
            run.stateFeatures(),
            PolicyArtifact.heads(run.actionSpace()),
            run.actor(),
            hp,
            trainingSummary,
            evaluation);
    PolicyVersion stored = store.importVersion(artifact.toJson(), parent.version());
    boolean activated = false;
    String reason = verdict.reason();
    if (verdict.passed()) {
      activated =
          store
              .activateIfActive(
                  stored.version(), parent.version(), "online learning: " + verdict.reason())
              .isPresent();
      if (!activated) {
        reason += "; not activated: the active version changed during the round";
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    rounds.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    String summary = reason;
    boolean wasActivated = activated;
    LOG.info(
        () ->
            "online learning: candidate "
                + stored.version()
                + " from "
                + parent.version()
                + (wasActivated ? " activated" : " not activated")
                + " after "
                + String.format(java.util.Locale.ROOT, "%.1f", seconds)
                + " s; "
                + summary);
    return new Round(
        true,
        parent.version(),
        stored.version(),
        verdict.passed(),
        activated,
        reason,
        fresh,
        run.seconds(),
        seconds);
  }

  private static Map<String, Object> withSetup(Map<String, Object> summary, int seeds, int steps) {
    Map<String, Object> out = new LinkedHashMap<>(summary);
    out.put("seeds", seeds);
    out.put("steps", steps);
    out.put("traces", "evaluation");
    return out;
  }

  /**
   * The parent's hyper-parameters with the fine-tuning learning rate, the round's steps and seed,
   * and the hidden widths of the parent's actor.
   */
  static HyperParameters fineTuning(
      PolicyArtifact parent, PolicyProperties.Online settings, long seed) {
    HyperParameters p = parent.hyperParameters();
    List<Integer> hidden = new ArrayList<>();
    List<PolicyPublished.DenseLayer> actor = parent.actor();
    for (int l = 0; l < actor.size() - 1; l++) {
      hidden.add(actor.get(l).outputs());
    }
    return new HyperParameters(
        settings.learningRate(),
        p.rmsPropAlpha(),
        p.rmsPropEpsilon(),
        p.steps(),
        p.gamma(),
        p.gaeLambda(),
        p.entropyCoefficient(),
        p.valueCoefficient(),
        p.maxGradNorm(),
        p.environments(),
        hidden,
        p.orthogonalInit(),
        p.normalizeAdvantage(),
        settings.stepsPerRound(),
        seed);
  }
}
