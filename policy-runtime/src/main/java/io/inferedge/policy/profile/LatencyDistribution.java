package io.inferedge.policy.profile;

/**
 * A measured latency distribution in microseconds, summarised by three quantiles. The emulator
 * draws from the log-normal distribution with the same median whose 10th and 90th percentiles are
 * as close as one log-normal allows: {@code mu = ln(p50)}, {@code sigma = (ln(p90) - ln(p10)) / (2
 * * 1.2816)}. A zero distribution ({@code 0/0/0}) means "no work on this tier".
 *
 * @param p10 10th percentile, microseconds
 * @param p50 median, microseconds
 * @param p90 90th percentile, microseconds
 */
public record LatencyDistribution(double p10, double p50, double p90) {

  /** No work on this tier (device part of a cut-0 plan has at least preprocessing, never this). */
  public static final LatencyDistribution NONE = new LatencyDistribution(0, 0, 0);

  private static final double Z90 = 1.2815515655446004;

  public LatencyDistribution {
    if (!(p10 >= 0 && p10 <= p50 && p50 <= p90) || !Double.isFinite(p90)) {
      throw new IllegalArgumentException(
          "p10, p50, p90 must satisfy 0 <= p10 <= p50 <= p90 < infinity, were "
              + p10
              + ", "
              + p50
              + ", "
              + p90);
    }
    if (p50 == 0 && p90 > 0) {
      throw new IllegalArgumentException("p50 must be > 0 when p90 is, was 0");
    }
  }

  /** True for {@link #NONE}. */
  public boolean none() {
    return p50 == 0;
  }

  /** {@code mu} of the log-normal, {@code ln(p50)} in ln-microseconds. */
  public double logMedian() {
    return none() ? Double.NEGATIVE_INFINITY : Math.log(p50);
  }

  /** {@code sigma} of the log-normal, 0 when all quantiles coincide. */
  public double logSpread() {
    return none() || p10 == 0 ? 0 : (Math.log(p90) - Math.log(p10)) / (2 * Z90);
  }

  /** Mean of the log-normal, microseconds. */
  public double mean() {
    double s = logSpread();
    return none() ? 0 : p50 * Math.exp(s * s / 2);
  }
}
