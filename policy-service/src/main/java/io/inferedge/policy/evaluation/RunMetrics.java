package io.inferedge.policy.evaluation;

import io.inferedge.policy.environment.Outcome;
import io.inferedge.policy.environment.Step;
import java.util.Arrays;

/**
 * Accumulates one run's outcomes into the report's metrics. Not thread-safe.
 *
 * <p>Definitions: {@code accuracy} is the share of frames whose label, as held at the frame's
 * deadline (arrival + SLO), was right (late results and reused labels can be wrong); {@code
 * labelAccuracy} the share of processed frames whose own result was right however late; latency
 * statistics are over processed frames; {@code energyPerFrameMj} is the device's energy over all
 * frames; {@code correctPerJoule} correct frames per joule of device energy; {@code sloMissRate}
 * the share of processed frames over the SLO; {@code reward} the mean reward per window.
 */
final class RunMetrics {

  private int steps;
  private double reward;
  private long frames;
  private long processed;
  private double correct;
  private double labelCorrect;
  private double latencySum;
  private double[] latencies = new double[1024];
  private int latencyCount;
  private long misses;
  private double energy;

  void add(Step step) {
    Outcome o = step.outcome();
    steps++;
    reward += step.reward();
    frames += o.frames();
    processed += o.processed();
    correct += o.correct();
    labelCorrect += o.labelCorrect();
    latencySum += o.latencySumMs();
    for (double l : o.latenciesMs()) {
      if (latencyCount == latencies.length) {
        latencies = Arrays.copyOf(latencies, latencies.length * 2);
      }
      latencies[latencyCount++] = l;
    }
    misses += o.sloMisses();
    energy += o.energyMj();
  }

  double reward() {
    return reward / steps;
  }

  double accuracy() {
    return correct / frames;
  }

  double labelAccuracy() {
    return processed == 0 ? 0 : labelCorrect / processed;
  }

  double latencyMeanMs() {
    return processed == 0 ? 0 : latencySum / processed;
  }

  double latencyP95Ms() {
    if (latencyCount == 0) {
      return 0;
    }
    double[] sorted = Arrays.copyOf(latencies, latencyCount);
    Arrays.sort(sorted);
    // Nearest rank.
    return sorted[(int) Math.ceil(0.95 * latencyCount) - 1];
  }

  double energyPerFrameMj() {
    return energy / frames;
  }

  double correctPerJoule() {
    return energy == 0 ? 0 : correct / (energy / 1000);
  }

  double sloMissRate() {
    return processed == 0 ? 0 : (double) misses / processed;
  }

  double processedShare() {
    return (double) processed / frames;
  }
}
