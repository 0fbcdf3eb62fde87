package io.inferedge.policy.evaluation;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** Means and 95 % confidence intervals (Student's t) over seeds. Stateless. */
final class Stats {

  /** t quantile 0.975 for 1..30 degrees of freedom. */
  private static final double[] T975 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042
  };

  private Stats() {}

  static <T> double mean(List<T> values, ToDoubleFunction<T> f) {
    return values.stream().mapToDouble(f).average().orElse(Double.NaN);
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** Half-width of the 95 % confidence interval of the mean. */
  static double halfWidth(double[] values) {
    int n = values.length;
    if (n < 2) {
      return Double.NaN;
    }
    double mean = mean(values);
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    double t = n - 1 <= T975.length ? T975[n - 2] : 1.96 + 2.4 / (n - 1);
    return t * sd / Math.sqrt(n);
  }

  static <T> double[] values(List<T> values, ToDoubleFunction<T> f) {
    return values.stream().mapToDouble(f).toArray();
  }
}
