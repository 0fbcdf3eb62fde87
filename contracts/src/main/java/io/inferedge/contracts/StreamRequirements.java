package io.inferedge.contracts;

import java.time.Duration;

/**
 * What an application asks of its stream: a latency SLO, an accuracy floor, and the weights the
 * policy's reward gives latency, accuracy and device energy. The weights sum to 1.
 *
 * @param latencySloMillis end-to-end latency objective per frame, in (0, 60000] ms
 * @param accuracyFloor accuracy below which the stream is considered failing, in [0, 1]
 * @param latencyWeight weight of latency in the reward, in [0, 1]
 * @param accuracyWeight weight of accuracy in the reward, in [0, 1]
 * @param energyWeight weight of device energy in the reward, in [0, 1]
 */
public record StreamRequirements(
    long latencySloMillis,
    double accuracyFloor,
    double latencyWeight,
    double accuracyWeight,
    double energyWeight) {

  private static final double WEIGHT_SUM_TOLERANCE = 1e-6;

  /** Equal weights, 150 ms SLO, no accuracy floor (DESIGN section 6). */
  public static final StreamRequirements BALANCED =
      new StreamRequirements(150, 0.0, 1.0 / 3, 1.0 / 3, 1.0 / 3);

  /** Latency first: weights 0.6/0.2/0.2, 100 ms SLO. */
  public static final StreamRequirements LATENCY_FIRST =
      new StreamRequirements(100, 0.0, 0.6, 0.2, 0.2);

  /** Accuracy first: weights 0.2/0.6/0.2, 250 ms SLO, accuracy floor 0.75. */
  public static final StreamRequirements ACCURACY_FIRST =
      new StreamRequirements(250, 0.75, 0.2, 0.6, 0.2);

  /** Energy first: weights 0.2/0.2/0.6, 250 ms SLO. */
  public static final StreamRequirements ENERGY_FIRST =
      new StreamRequirements(250, 0.0, 0.2, 0.2, 0.6);

  public StreamRequirements {
    if (latencySloMillis <= 0 || latencySloMillis > 60_000) {
      throw new IllegalArgumentException(
          "latencySloMillis must be in (0, 60000], was " + latencySloMillis);
    }
    Checks.unitInterval("accuracyFloor", accuracyFloor);
    Checks.unitInterval("latencyWeight", latencyWeight);
    Checks.unitInterval("accuracyWeight", accuracyWeight);
    Checks.unitInterval("energyWeight", energyWeight);
    double sum = latencyWeight + accuracyWeight + energyWeight;
    if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
      throw new IllegalArgumentException(
          "latencyWeight + accuracyWeight + energyWeight must be 1, was " + sum);
    }
  }

  public Duration latencySlo() {
    return Duration.ofMillis(latencySloMillis);
  }
}
