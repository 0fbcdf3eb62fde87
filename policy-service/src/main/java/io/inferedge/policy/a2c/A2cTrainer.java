package io.inferedge.policy.a2c;

import io.inferedge.contracts.PolicyPublished;
import io.inferedge.policy.environment.ActionSpace;
import io.inferedge.policy.environment.Environment;
import io.inferedge.policy.environment.Step;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;

/**
 * Advantage Actor-Critic (Mnih et al. 2016, synchronous, as Stable-Baselines3's {@code A2C}) over
 * {@link HyperParameters#environments()} environments stepped in lock-step on the calling thread
 * (the emulator is fast; the update is one TensorFlow session call).
 *
 * <p>One update: every environment takes {@link HyperParameters#steps()} steps with actions drawn
 * from the current actor (heads chosen in order under the environment's masks); a truncated
 * episode's reward gets {@code gamma * V(final state)} added, as SB3 does; then {@link Gae},
 * optionally advantage normalisation, and one {@link ActorCritic#train} step.
 *
 * <p>Progress is reported to the log sink every {@code logEverySeconds} with SB3's metric names.
 * Not thread-safe. Owns a TensorFlow session: close it.
 */
public final class A2cTrainer implements AutoCloseable {

  /** Episodes the {@code rollout/ep_rew_mean} is averaged over, as SB3. */
  private static final int EPISODE_WINDOW = 100;

  private final HyperParameters hp;
  private final List<Environment> envs = new ArrayList<>();
  private final ActionSpace space;
  private final List<String> features;
  private final ActorCritic network;
  private final Consumer<String> log;
  private final double logEverySeconds;
  private final List<TrainingPoint> curve = new ArrayList<>();
  private ToDoubleFunction<A2cPolicy> validator;
  private long validateEverySteps;
  private long criticWarmupSteps;

  /**
   * A point of the training curve.
   *
   * @param steps environment steps so far
   * @param seconds wall time so far
   * @param rewardMean mean step reward since the previous point
   */
  public record TrainingPoint(long steps, double seconds, double rewardMean) {}

  /** A validation of the deterministic actor during training. */
  public record Validation(long steps, double score) {}

  /**
   * Keeps the best actor by a validation score, as SB3's {@code EvalCallback} with {@code
   * best_model_save_path} does: every {@code everySteps} environment steps the deterministic actor
   * is scored by {@code validator} (higher is better; it must not use evaluation data) and the
   * best-scoring actor is the one returned.
   */
  public A2cTrainer validateWith(ToDoubleFunction<A2cPolicy> validator, long everySteps) {
    this.validator = validator;
    this.validateEverySteps = everySteps;
    return this;
  }

  /**
   * What a training run produced.
   *
   * @param actor the actor's layers, input first
   * @param stateFeatures the state layout it was trained on
   * @param actionSpace its heads
   * @param hyperParameters how it was trained
   * @param steps environment steps taken
   * @param seconds wall time of training
   * @param curve reward during training
   * @param validations validation scores, when a validator was set
   * @param keptAtSteps the steps at which the returned actor was taken (the best validation score,
   *     or the end of training without a validator)
   */
  public record TrainingRun(
      List<PolicyPublished.DenseLayer> actor,
      List<String> stateFeatures,
      ActionSpace actionSpace,
      HyperParameters hyperParameters,
      long steps,
      double seconds,
      List<TrainingPoint> curve,
      List<Validation> validations,
      long keptAtSteps) {

    public A2cPolicy policy() {
      return new A2cPolicy(actor, stateFeatures, actionSpace);
    }
  }

  /**
   * @param environments builds environment {@code i} of {@code hp.environments()}
   * @param log receives the hyper-parameters at start and progress lines
   * @param logEverySeconds how often progress is reported (0: after every update)
   */
  public A2cTrainer(
      IntFunction<Environment> environments,
      HyperParameters hp,
      Consumer<String> log,
      double logEverySeconds) {
    this(environments, hp, null, log, logEverySeconds);
  }

  /**
   * Continues training from an existing actor (fine-tuning): the actor starts from {@code
   * initialActor}, the critic from SB3's initialisation, the RMSprop averages from 0.
   *
   * @param initialActor the actor's layers, input first, hidden widths equal to {@code
   *     hp.hidden()}; null to start from scratch
   * @throws IllegalArgumentException if the layers do not fit the environments and {@code hp}
   */
  public A2cTrainer(
      IntFunction<Environment> environments,
      HyperParameters hp,
      List<PolicyPublished.DenseLayer> initialActor,
      Consumer<String> log,
      double logEverySeconds) {
    this.hp = hp;
    this.log = log;
    this.logEverySeconds = logEverySeconds;
    for (int i = 0; i < hp.environments(); i++) {
      envs.add(environments.apply(i));
    }
    this.space = envs.get(0).actionSpace();
    this.features = envs.get(0).stateFeatures();
    this.network = new ActorCritic(features.size(), space, hp, initialActor);
  }

  /**
   * For the first {@code steps} environment steps only the critic learns (the actor's gradient is
   * held at 0): a fine-tuning run starts with a fresh critic whose first advantages are noise, and
   * this keeps them from moving the inherited actor. The steps count towards {@link
   * HyperParameters#totalSteps()}.
   */
  public A2cTrainer warmUpCritic(long steps) {
    this.criticWarmupSteps = steps;
    return this;
  }

  /** Trains for {@link HyperParameters#totalSteps()} environment steps. */
  public TrainingRun train() {
    return train(Double.POSITIVE_INFINITY);
  }

  /**
   * Trains for {@link HyperParameters#totalSteps()} environment steps or until {@code maxSeconds}
   * of wall time have passed, whichever comes first (the update in progress finishes).
   */
  public TrainingRun train(double maxSeconds) {
    log.accept("A2C hyper-parameters: " + hp);
    log.accept(
        "state: "
            + features.size()
            + " features; action heads: "
            + space.heads().stream().map(h -> h.name() + "(" + h.size() + ")").toList());
    int n = hp.environments();
    int s = features.size();
    int total = space.totalChoices();
    int steps = hp.steps();
    int batch = n * steps;
    SplittableRandom actions = new SplittableRandom(hp.seed());
    SplittableRandom episodes = new SplittableRandom(hp.seed() ^ 0x5DEECE66DL);

    float[][] state = new float[n][s];
    float[] batchStates = new float[n * s];
    float[] logits = new float[n * total];
    float[] values = new float[n];
    float[] terminal = new float[n * s];
    int[] action = new int[space.size()];
    float[] row = new float[total];
    float[] maskRow = new float[total];

    float[] bufStates = new float[batch * s];
    float[] bufChosen = new float[batch * total];
    float[] bufMasks = new float[batch * total];
    float[] bufRewards = new float[batch];
    float[] bufValues = new float[batch];
    boolean[] bufDones = new boolean[batch];
    float[] advantages = new float[batch];
    float[] returns = new float[batch];
    float[] lastValues = new float[n];

    double[] episodeReward = new double[n];
    Deque<Double> finished = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      envs.get(i).reset(episodes.nextLong(), state[i]);
    }

    long start = System.nanoTime();
    double lastLog = 0;
    long taken = 0;
    double rewardSinceLog = 0;
    long stepsSinceLog = 0;
    int updates = 0;
    List<Validation> validations = new ArrayList<>();
    List<PolicyPublished.DenseLayer> best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    long bestSteps = 0;
    long nextValidation = validateEverySteps;
    ActorCritic.TrainStats stats = null;
    double explained = 0;
    while (taken < hp.totalSteps() && (System.nanoTime() - start) / 1e9 < maxSeconds) {
      for (int t = 0; t < steps; t++) {
        for (int i = 0; i < n; i++) {
          System.arraycopy(state[i], 0, batchStates, i * s, s);
        }
        network.forward(batchStates, n, logits, values);
        List<Integer> truncated = null;
        for (int i = 0; i < n; i++) {
          int at = t * n + i;
          Environment env = envs.get(i);
          System.arraycopy(state[i], 0, bufStates, at * s, s);
          System.arraycopy(logits, i * total, row, 0, total);
          MaskedHeads.choose(row, space, env::mask, actions, action, maskRow, null);
          System.arraycopy(maskRow, 0, bufMasks, at * total, total);
          int offset = 0;
          for (int h = 0; h < space.size(); h++) {
            for (int c = 0; c < space.heads().get(h).size(); c++) {
              bufChosen[at * total + offset + c] = c == action[h] ? 1f : 0f;
            }
            offset += space.heads().get(h).size();
          }
          Step step = env.step(action, state[i]);
          bufRewards[at] = (float) step.reward();
          bufValues[at] = values[i];
          bufDones[at] = step.done();
          episodeReward[i] += step.reward();
          rewardSinceLog += step.reward();
          if (step.done()) {
            finished.addLast(episodeReward[i]);
            if (finished.size() > EPISODE_WINDOW) {
              finished.removeFirst();
            }
            episodeReward[i] = 0;
            if (step.truncated()) {
              if (truncated == null) {
                truncated = new ArrayList<>();
              }
              truncated.add(i);
            } else {
              env.reset(episodes.nextLong(), state[i]);
            }
          }
        }
        if (truncated != null) {
          // Bootstrap a time limit from the final state, as SB3 does for TimeLimit.truncated.
          for (int j = 0; j < truncated.size(); j++) {
            System.arraycopy(state[truncated.get(j)], 0, terminal, j * s, s);
          }
          float[] terminalValues = new float[truncated.size()];
          network.values(terminal, truncated.size(), terminalValues);
          for (int j = 0; j < truncated.size(); j++) {
            int i = truncated.get(j);
            bufRewards[t * n + i] += (float) (hp.gamma() * terminalValues[j]);
            envs.get(i).reset(episodes.nextLong(), state[i]);
          }
        }
        taken += n;
        stepsSinceLog += n;
      }
      for (int i = 0; i < n; i++) {
        System.arraycopy(state[i], 0, batchStates, i * s, s);
      }
      network.values(batchStates, n, lastValues);
      Gae.compute(
          bufRewards,
          bufValues,
          bufDones,
          lastValues,
          hp.gamma(),
          hp.gaeLambda(),
          advantages,
          returns);
      explained = explainedVariance(bufValues, returns);
      if (hp.normalizeAdvantage()) {
        normalise(advantages);
      }
      stats =
          network.train(
              bufStates,
              bufChosen,
              bufMasks,
              advantages,
              returns,
              batch,
              taken > criticWarmupSteps);
      updates++;

      boolean last = taken >= hp.totalSteps() || (System.nanoTime() - start) / 1e9 >= maxSeconds;
      if (validator != null && (taken >= nextValidation || last)) {
        List<PolicyPublished.DenseLayer> layers = network.actorLayers();
        double score = validator.applyAsDouble(new A2cPolicy(layers, features, space));
        validations.add(new Validation(taken, score));
        log.accept(String.format(Locale.ROOT, "validation at %d steps: %.5f", taken, score));
        if (score > bestScore) {
          bestScore = score;
          best = layers;
          bestSteps = taken;
        }
        nextValidation += validateEverySteps;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (seconds - lastLog >= logEverySeconds
          || taken >= hp.totalSteps()
          || seconds >= maxSeconds) {
        double rewardMean = rewardSinceLog / Math.max(1, stepsSinceLog);
        curve.add(new TrainingPoint(taken, seconds, rewardMean));
        log.accept(
            String.format(
                Locale.ROOT,
                "time/total_timesteps %d  time/fps %.0f  time/updates %d  rollout/reward_mean %.4f"
                    + "  rollout/ep_rew_mean %.2f  train/policy_loss %.4f  train/value_loss %.4f"
                    + "  train/entropy %.3f  train/explained_variance %.3f  train/grad_norm %.3f",
                taken,
                taken / seconds,
                updates,
                rewardMean,
                finished.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                stats.policyLoss(),
                stats.valueLoss(),
                stats.entropy(),
                explained,
                stats.gradNorm()));
        lastLog = seconds;
        rewardSinceLog = 0;
        stepsSinceLog = 0;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (best == null) {
      best = network.actorLayers();
      bestSteps = taken;
    } else {
      long kept = bestSteps;
      log.accept("keeping the actor of step " + kept + " (best validation score)");
    }
    return new TrainingRun(
        best,
        features,
        space,
        hp,
        taken,
        seconds,
        List.copyOf(curve),
        List.copyOf(validations),
        bestSteps);
  }

  /**
   * Writes an actor (e.g. {@link TrainingRun#actor()}) as a SavedModel ({@code serving_default}:
   * {@code state} to {@code logits}).
   */
  public static void exportActor(List<PolicyPublished.DenseLayer> actor, Path directory)
      throws IOException {
    ActorCritic.exportActor(actor, directory);
  }

  @Override
  public void close() {
    network.close();
  }

  /** 1 - Var(returns - values) / Var(returns), as SB3's {@code explained_variance}. */
  static double explainedVariance(float[] values, float[] returns) {
    double mean = 0;
    for (float r : returns) {
      mean += r;
    }
    mean /= returns.length;
    double var = 0;
    double meanDiff = 0;
    for (int i = 0; i < returns.length; i++) {
      var += (returns[i] - mean) * (returns[i] - mean);
      meanDiff += returns[i] - values[i];
    }
    meanDiff /= returns.length;
    double varDiff = 0;
    for (int i = 0; i < returns.length; i++) {
      double d = returns[i] - values[i] - meanDiff;
      varDiff += d * d;
    }
    return var == 0 ? Double.NaN : 1 - varDiff / var;
  }

  private static void normalise(float[] a) {
    double mean = 0;
    for (float v : a) {
      mean += v;
    }
    mean /= a.length;
    double var = 0;
    for (float v : a) {
      var += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(var / a.length) + 1e-8;
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) ((a[i] - mean) / sd);
    }
  }
}
