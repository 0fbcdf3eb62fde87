package io.inferedge.telemetry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * telemetry-service settings, under {@code infer-edge.telemetry}. Checked when bound, so a bad
 * value fails start-up with a message naming it.
 *
 * @param maxPageSize largest {@code size} a query may ask for; larger is a 400
 * @param defaultPageSize {@code size} of a query that does not give one
 * @param listenerConcurrency consumer threads per listened topic (each takes some of the topic's
 *     partitions)
 * @param outcomes energy attribution and the outcomes it publishes
 * @param retention how long stored telemetry is kept
 * @param query limits of the aggregate queries
 */
@ConfigurationProperties("infer-edge.telemetry")
public record TelemetryProperties(
    @DefaultValue("500") int maxPageSize,
    @DefaultValue("50") int defaultPageSize,
    @DefaultValue("3") int listenerConcurrency,
    @DefaultValue Outcomes outcomes,
    @DefaultValue Retention retention,
    @DefaultValue Query query) {

  public TelemetryProperties {
    if (listenerConcurrency < 1 || listenerConcurrency > 64) {
      throw new IllegalArgumentException(
          "listenerConcurrency must be in [1, 64], was " + listenerConcurrency);
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

  /**
   * Energy attribution: a job that turns stored frames and power samples into outcomes.
   *
   * @param enabled whether the job runs (tests and benchmarks switch it off to drive it by hand)
   * @param interval the pause between two runs
   * @param batchSize frames attributed per transaction at most
   * @param maxWait how long a frame waits for the power samples that cover its compute interval
   *     (they come in batches, about a second late); after that it is completed with what there is
   * @param maxSampleGap the longest gap between two samples that is interpolated as measured
   * @param maxExtrapolation how far beyond the first or last sample of a device its value is held
   * @param fallbackMilliwatts the device power assumed where no sample is near (labelled emulated);
   *     the default is the Jetson TX2's active power of the Infer-EDGE authors' benchmark (about
   *     6.47 W)
   * @param publishTimeout how long publishing a run's outcomes to Kafka may take before they are
   *     left for the next run
   */
  public record Outcomes(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("250ms") Duration interval,
      @DefaultValue("5000") int batchSize,
      @DefaultValue("10s") Duration maxWait,
      @DefaultValue("1s") Duration maxSampleGap,
      @DefaultValue("500ms") Duration maxExtrapolation,
      @DefaultValue("6470") double fallbackMilliwatts,
      @DefaultValue("10s") Duration publishTimeout) {
    public Outcomes {
      if (interval.compareTo(Duration.ofMillis(10)) < 0) {
        throw new IllegalArgumentException("outcomes.interval must be >= 10ms, was " + interval);
      }
      if (batchSize < 1 || batchSize > 100_000) {
        throw new IllegalArgumentException(
            "outcomes.batchSize must be in [1, 100000], was " + batchSize);
      }
      if (maxWait.isNegative() || maxSampleGap.isNegative() || maxExtrapolation.isNegative()) {
        throw new IllegalArgumentException(
            "outcomes.maxWait, maxSampleGap and maxExtrapolation must be >= 0");
      }
      if (!(fallbackMilliwatts >= 0) || !Double.isFinite(fallbackMilliwatts)) {
        throw new IllegalArgumentException(
            "outcomes.fallbackMilliwatts must be a finite number >= 0, was " + fallbackMilliwatts);
      }
      if (publishTimeout.isZero() || publishTimeout.isNegative()) {
        throw new IllegalArgumentException(
            "outcomes.publishTimeout must be > 0, was " + publishTimeout);
      }
    }
  }

  /**
   * Retention: a job deletes telemetry older than {@code days}, so storage does not grow without
   * bound.
   *
   * @param enabled whether the job runs
   * @param days how many days of inferences, power samples and outcomes are kept
   * @param interval the pause between two runs
   * @param deleteBatch rows deleted per statement, so no transaction grows large
   */
  public record Retention(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("30") int days,
      @DefaultValue("1h") Duration interval,
      @DefaultValue("10000") int deleteBatch) {
    public Retention {
      if (days < 1 || days > 3_650) {
        throw new IllegalArgumentException("retention.days must be in [1, 3650], was " + days);
      }
      if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("retention.interval must be >= 1s, was " + interval);
      }
      if (deleteBatch < 1) {
        throw new IllegalArgumentException(
            "retention.deleteBatch must be >= 1, was " + deleteBatch);
      }
    }

    public Duration age() {
      return Duration.ofDays(days);
    }
  }

  /**
   * Limits of the aggregate queries.
   *
   * @param defaultWindow the time window of a query that gives no {@code from}
   * @param maxWindow the widest window a query may ask for
   * @param maxBuckets the most buckets a time series may have
   */
  public record Query(
      @DefaultValue("1h") Duration defaultWindow,
      @DefaultValue("31d") Duration maxWindow,
      @DefaultValue("10000") int maxBuckets) {
    public Query {
      if (defaultWindow.isZero()
          || defaultWindow.isNegative()
          || defaultWindow.compareTo(maxWindow) > 0) {
        throw new IllegalArgumentException(
            "query.defaultWindow must be in (0, maxWindow], was " + defaultWindow);
      }
      if (maxBuckets < 1) {
        throw new IllegalArgumentException("query.maxBuckets must be >= 1, was " + maxBuckets);
      }
    }
  }
}
