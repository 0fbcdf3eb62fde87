package io.inferedge.policy.a2c;

import java.util.List;

/**
 * Every hyper-parameter of A2C training, with the Stable-Baselines3 defaults of {@code A2C} /
 * {@code MlpPolicy} unless noted. Each deviation is explained here and again where it acts.
 *
 * @param learningRate RMSprop step size; SB3 7e-4
 * @param rmsPropAlpha RMSprop smoothing constant of the squared-gradient average; SB3 0.99
 * @param rmsPropEpsilon added to the root of the squared-gradient average; SB3 1e-5 (PyTorch
 *     semantics: {@code g / (sqrt(v) + eps)}, square average starting at 0)
 * @param steps environment steps per environment per update ({@code n_steps}); SB3 5
 * @param gamma discount factor; SB3 0.99
 * @param gaeLambda GAE lambda; SB3 1.0 (plain n-step returns)
 * @param entropyCoefficient weight of the entropy bonus; SB3 0.0
 * @param valueCoefficient weight of the value loss; SB3 0.5
 * @param maxGradNorm global gradient-norm clip; SB3 0.5
 * @param environments parallel environments ({@code n_envs}); SB3 leaves it to the caller (its
 *     constructor default is 1); RL-Zoo's A2C settings use 8-16, we use 16
 * @param hidden widths of the actor's and of the critic's hidden layers (separate networks, tanh);
 *     SB3's A2C {@code net_arch} default {@code pi=[64, 64], vf=[64, 64]}
 * @param orthogonalInit orthogonal initialisation, gains sqrt(2) hidden, 0.01 policy, 1 value; SB3
 *     true
 * @param normalizeAdvantage normalise advantages per batch; SB3 false
 * @param totalSteps environment steps to train for, summed over the environments
 * @param seed seeds the weights, the actions and the environments' episodes
 */
public record HyperParameters(
    double learningRate,
    double rmsPropAlpha,
    double rmsPropEpsilon,
    int steps,
    double gamma,
    double gaeLambda,
    double entropyCoefficient,
    double valueCoefficient,
    double maxGradNorm,
    int environments,
    List<Integer> hidden,
    boolean orthogonalInit,
    boolean normalizeAdvantage,
    long totalSteps,
    long seed) {

  public HyperParameters {
    positive("learningRate", learningRate);
    if (!(rmsPropAlpha > 0 && rmsPropAlpha < 1)) {
      throw new IllegalArgumentException("rmsPropAlpha must be in (0, 1), was " + rmsPropAlpha);
    }
    positive("rmsPropEpsilon", rmsPropEpsilon);
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, was " + steps);
    }
    if (!(gamma >= 0 && gamma <= 1)) {
      throw new IllegalArgumentException("gamma must be in [0, 1], was " + gamma);
    }
    if (!(gaeLambda >= 0 && gaeLambda <= 1)) {
      throw new IllegalArgumentException("gaeLambda must be in [0, 1], was " + gaeLambda);
    }
    if (!(entropyCoefficient >= 0)) {
      throw new IllegalArgumentException(
          "entropyCoefficient must be >= 0, was " + entropyCoefficient);
    }
    positive("valueCoefficient", valueCoefficient);
    positive("maxGradNorm", maxGradNorm);
    if (environments < 1) {
      throw new IllegalArgumentException("environments must be >= 1, was " + environments);
    }
    hidden = List.copyOf(hidden);
    if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h < 1)) {
      throw new IllegalArgumentException("hidden must be non-empty positive widths, was " + hidden);
    }
    if (totalSteps < 1) {
      throw new IllegalArgumentException("totalSteps must be >= 1, was " + totalSteps);
    }
  }

  private static void positive(String field, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(field + " must be > 0, was " + value);
    }
  }

  /** SB3's A2C defaults with 16 environments, for {@code totalSteps} steps from {@code seed}. */
  public static HyperParameters sb3Defaults(long totalSteps, long seed) {
    return new HyperParameters(
        7e-4,
        0.99,
        1e-5,
        5,
        0.99,
        1.0,
        0.0,
        0.5,
        0.5,
        16,
        List.of(64, 64),
        true,
        false,
        totalSteps,
        seed);
  }

  public HyperParameters withEntropyCoefficient(double value) {
    return new HyperParameters(
        learningRate,
        rmsPropAlpha,
        rmsPropEpsilon,
        steps,
        gamma,
        gaeLambda,
        value,
        valueCoefficient,
        maxGradNorm,
        environments,
        hidden,
        orthogonalInit,
        normalizeAdvantage,
        totalSteps,
        seed);
  }

  public HyperParameters withGamma(double value) {
    return new HyperParameters(
        learningRate,
        rmsPropAlpha,
        rmsPropEpsilon,
        steps,
        value,
        gaeLambda,
        entropyCoefficient,
        valueCoefficient,
        maxGradNorm,
        environments,
        hidden,
        orthogonalInit,
        normalizeAdvantage,
        totalSteps,
        seed);
  }

  public HyperParameters withEnvironments(int value) {
    return new HyperParameters(
        learningRate,
        rmsPropAlpha,
        rmsPropEpsilon,
        steps,
        gamma,
        gaeLambda,
        entropyCoefficient,
        valueCoefficient,
        maxGradNorm,
        value,
        hidden,
        orthogonalInit,
        normalizeAdvantage,
        totalSteps,
        seed);
  }

  public HyperParameters withLearningRate(double value) {
    return new HyperParameters(
        value,
        rmsPropAlpha,
        rmsPropEpsilon,
        steps,
        gamma,
        gaeLambda,
        entropyCoefficient,
        valueCoefficient,
        maxGradNorm,
        environments,
        hidden,
        orthogonalInit,
        normalizeAdvantage,
        totalSteps,
        seed);
  }

  public HyperParameters withTotalSteps(long value) {
    return new HyperParameters(
        learningRate,
        rmsPropAlpha,
        rmsPropEpsilon,
        steps,
        gamma,
        gaeLambda,
        entropyCoefficient,
        valueCoefficient,
        maxGradNorm,
        environments,
        hidden,
        orthogonalInit,
        normalizeAdvantage,
        value,
        seed);
  }
}
