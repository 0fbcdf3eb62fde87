package io.inferedge.policy.evaluation;

import io.inferedge.policy.environment.EmulatorConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The evaluation's numbers: per requirement profile and policy, the mean over seeds of each metric
 * with its 95 % confidence interval, A2C's normalised score, and the targets checked.
 * Immutable once built.
 *
 * <p>Derived metrics, per seed then averaged: {@code accuracyDegradation} = accuracy of the most
 * accurate configuration (the device-only run, same seed) minus the policy's accuracy; {@code
 * normalisedScore} = (A2C reward - random's) / (oracle's - random's).
 *
 * <p>"The best fixed strategy" of a profile is the fixed strategy (device-only, server-only,
 * Neurosurgeon, best static in hindsight) with the highest mean reward in that profile: the one an
 * operator would deploy for that application by its own objective. The margins are checked against
 * it, and listed against every fixed strategy in the Markdown report.
 */
public final class Report {

  /** The metric keys of {@code evaluation.json}, in order. */
  static final List<String> METRICS =
      List.of(
          "reward",
          "latencyMeanMs",
          "latencyP95Ms",
          "accuracy",
          "accuracyDegradation",
          "energyPerFrameMj",
          "correctPerJoule",
          "sloMissRate",
          "labelAccuracy",
          "processedShare");

  /** Mean and 95 % CI half-width of one metric. */
  record Estimate(double mean, double halfWidth) {
    double low() {
      return mean - halfWidth;
    }

    double high() {
      return mean + halfWidth;
    }
  }

  /**
   * One target of the issue.
   *
   * @param profile the requirement profile
   * @param name what is checked
   * @param value the measured figure
   * @param threshold what it must reach
   * @param met whether it did
   * @param detail the figures behind it
   */
  record Target(
      String profile, String name, double value, double threshold, boolean met, String detail) {}

  private final Evaluator.Results results;
  private final Map<String, Map<String, Map<String, Estimate>>> estimates = new LinkedHashMap<>();
  private final Map<String, Estimate> normalisedScore = new LinkedHashMap<>();
  private final Map<String, String> bestFixed = new LinkedHashMap<>();
  private final List<Target> targets = new ArrayList<>();

  Report(Evaluator.Results results) {
    this.results = results;
    for (var profileEntry : results.runs().entrySet()) {
      String profile = profileEntry.getKey();
      Map<String, List<Evaluator.RunResult>> byPolicy = profileEntry.getValue();
      List<Evaluator.RunResult> reference = byPolicy.get("device-only");
      Map<String, Map<String, Estimate>> perPolicy = new LinkedHashMap<>();
      for (var policyEntry : byPolicy.entrySet()) {
        List<Evaluator.RunResult> runs = policyEntry.getValue();
        Map<String, Estimate> metrics = new LinkedHashMap<>();
        metrics.put("reward", estimate(runs, Evaluator.RunResult::reward));
        metrics.put("latencyMeanMs", estimate(runs, Evaluator.RunResult::latencyMeanMs));
        metrics.put("latencyP95Ms", estimate(runs, Evaluator.RunResult::latencyP95Ms));
        metrics.put("accuracy", estimate(runs, Evaluator.RunResult::accuracy));
        double[] degradation = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
          degradation[i] = reference.get(i).accuracy() - runs.get(i).accuracy();
        }
        metrics.put(
            "accuracyDegradation",
            new Estimate(Stats.mean(degradation), Stats.halfWidth(degradation)));
        metrics.put("energyPerFrameMj", estimate(runs, Evaluator.RunResult::energyPerFrameMj));
        metrics.put("correctPerJoule", estimate(runs, Evaluator.RunResult::correctPerJoule));
        metrics.put("sloMissRate", estimate(runs, Evaluator.RunResult::sloMissRate));
        metrics.put("labelAccuracy", estimate(runs, Evaluator.RunResult::labelAccuracy));
        metrics.put("processedShare", estimate(runs, Evaluator.RunResult::processedShare));
        perPolicy.put(policyEntry.getKey(), metrics);
      }
      estimates.put(profile, perPolicy);
      List<Evaluator.RunResult> a2c = byPolicy.get("a2c");
      List<Evaluator.RunResult> random = byPolicy.get("random");
      List<Evaluator.RunResult> oracle = byPolicy.get("oracle");
      double[] score = new double[a2c.size()];
      for (int i = 0; i < score.length; i++) {
        score[i] =
            (a2c.get(i).reward() - random.get(i).reward())
                / (oracle.get(i).reward() - random.get(i).reward());
      }
      normalisedScore.put(profile, new Estimate(Stats.mean(score), Stats.halfWidth(score)));
      String best = null;
      for (String fixed : Evaluator.FIXED) {
        if (best == null || mean(profile, fixed, "reward") > mean(profile, best, "reward")) {
          best = fixed;
        }
      }
      bestFixed.put(profile, best);
      checkTargets(profile, best);
    }
  }

  private static Estimate estimate(
      List<Evaluator.RunResult> runs, ToDoubleFunction<Evaluator.RunResult> f) {
    double[] v = Stats.values(runs, f);
    return new Estimate(Stats.mean(v), Stats.halfWidth(v));
  }

  private void checkTargets(String profile, String best) {
    double score = normalisedScore.get(profile).mean();
    targets.add(
        new Target(
            profile,
            "normalisedScore >= 0.90",
            score,
            0.90,
            score >= 0.90,
            String.format(
                "a2c %.4f, random %.4f, oracle %.4f",
                mean(profile, "a2c", "reward"),
                mean(profile, "random", "reward"),
                mean(profile, "oracle", "reward"))));
    double a2c = mean(profile, "a2c", "reward");
    double greedy = mean(profile, "greedy", "reward");
    targets.add(
        new Target(
            profile,
            "reward >= greedy one-step",
            a2c,
            greedy,
            a2c >= greedy,
            String.format("a2c %.4f vs greedy %.4f", a2c, greedy)));
    switch (profile) {
      case "latency-first" -> {
        double lat = mean(profile, "a2c", "latencyMeanMs");
        double fixedLat = mean(profile, best, "latencyMeanMs");
        double acc = mean(profile, "a2c", "accuracy");
        double fixedAcc = mean(profile, best, "accuracy");
        double reduction = 1 - lat / fixedLat;
        targets.add(
            new Target(
                profile,
                ">= 28 % lower mean latency than the best fixed strategy at no lower accuracy",
                reduction,
                0.28,
                reduction >= 0.28 && acc >= fixedAcc,
                String.format(
                    "a2c %.2f ms at accuracy %.4f vs %s %.2f ms at %.4f",
                    lat, acc, best, fixedLat, fixedAcc)));
      }
      case "energy-first" -> {
        double cpj = mean(profile, "a2c", "correctPerJoule");
        double fixed = mean(profile, best, "correctPerJoule");
        double gain = cpj / fixed - 1;
        targets.add(
            new Target(
                profile,
                ">= 33 % more correct frames per joule than the best fixed strategy",
                gain,
                0.33,
                gain >= 0.33,
                String.format("a2c %.1f vs %s %.1f correct frames/J", cpj, best, fixed)));
      }
      case "accuracy-first" -> {
        double deg = mean(profile, "a2c", "accuracyDegradation");
        double fixed = mean(profile, best, "accuracyDegradation");
        double reduction = fixed > 0 ? 1 - deg / fixed : Double.NaN;
        targets.add(
            new Target(
                profile,
                ">= 41 % less accuracy degradation than the best fixed strategy",
                reduction,
                0.41,
                fixed > 0 && reduction >= 0.41,
                String.format(
                    "a2c degrades %.4f vs %s %.4f (versus the most accurate configuration)",
                    deg, best, fixed)));
      }
      default -> {
        // balanced: only the score and the greedy comparison.
      }
    }
  }

  double mean(String profile, String policy, String metric) {
    return estimates.get(profile).get(policy).get(metric).mean();
  }

  Estimate estimate(String profile, String policy, String metric) {
    return estimates.get(profile).get(policy).get(metric);
  }

  Estimate normalisedScore(String profile) {
    return normalisedScore.get(profile);
  }

  String bestFixed(String profile) {
    return bestFixed.get(profile);
  }

  List<Target> targets() {
    return List.copyOf(targets);
  }

  Evaluator.Results results() {
    return results;
  }

  /** Whether every normalised score reaches {@code minScore}: the activation gate. */
  boolean passes(double minScore) {
    return EmulatorConfig.REQUIREMENT_NAMES.stream()
        .allMatch(p -> normalisedScore.get(p).mean() >= minScore);
  }

  /**
   * The {@code evaluation.json} tree: per profile, per policy, the metric means (plain numbers) and
   * their intervals under {@code ci95}; {@code normalisedScore} for A2C.
   */
  Map<String, Object> profilesJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    for (var p : estimates.entrySet()) {
      Map<String, Object> policies = new LinkedHashMap<>();
      for (var q : p.getValue().entrySet()) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Object> ci = new LinkedHashMap<>();
        for (String metric : METRICS) {
          Estimate e = q.getValue().get(metric);
          values.put(metric, round(e.mean()));
          ci.put(metric, List.of(round(e.low()), round(e.high())));
        }
        if (q.getKey().equals("a2c")) {
          Estimate s = normalisedScore.get(p.getKey());
          values.put("normalisedScore", round(s.mean()));
          ci.put("normalisedScore", List.of(round(s.low()), round(s.high())));
        }
        values.put("ci95", ci);
        policies.put(q.getKey(), values);
      }
      root.put(p.getKey(), policies);
    }
    return root;
  }

  static double round(double v) {
    if (!Double.isFinite(v)) {
      return v;
    }
    return Math.round(v * 1e6) / 1e6;
  }
}
