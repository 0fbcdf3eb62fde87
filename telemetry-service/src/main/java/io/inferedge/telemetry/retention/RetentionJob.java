package io.inferedge.telemetry.retention;

import io.inferedge.telemetry.PeriodicJob;
import io.inferedge.telemetry.TelemetryProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes telemetry older than {@code infer-edge.telemetry.retention.days}, so that storage does
 * not grow without bound: inferences and outcomes by the frame's time, power samples by their time,
 * power batches by theirs, and queued frames by their arrival. Rows go in statements of {@code
 * deleteBatch}, each its own transaction, so the job never holds many locks or a long transaction
 * against the ingestion. Thread-safe (stateless).
 */
@Component
public final class RetentionJob {

  private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

  /** Each table with the time column its rows age by. */
  static final Map<String, String> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put("outcome", "occurred_at");
    TABLES.put("pending_frame", "received_at");
    TABLES.put("inference", "occurred_at");
    TABLES.put("power_sample", "sampled_at");
    TABLES.put("power_batch", "occurred_at");
  }

  private final JdbcClient jdbc;
  private final TelemetryProperties.Retention settings;
  private final Clock clock;
  private final MeterRegistry meters;

  RetentionJob(JdbcClient jdbc, TelemetryProperties properties, Clock clock, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.settings = properties.retention();
    this.clock = clock;
    this.meters = meters;
  }

  /**
   * Deletes everything older than the retention.
   *
   * @return rows deleted per table
   */
  public Map<String, Long> runOnce() {
    Instant cutoff = clock.instant().minus(settings.age());
    Map<String, Long> deleted = new LinkedHashMap<>();
    TABLES.forEach(
        (table, column) -> {
          long total = 0;
          int n;
          do {
            n =
                jdbc.sql(
                        "DELETE FROM "
                            + table
                            + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM "
                            + table
                            + " WHERE "
                            + column
                            + " < :cutoff LIMIT :limit))")
                    .param("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                    .param("limit", settings.deleteBatch())
                    .update();
            total += n;
          } while (n == settings.deleteBatch());
          deleted.put(table, total);
          if (total > 0) {
            meters.counter("telemetry.retention.deleted", "table", table).increment(total);
          }
        });
    if (deleted.values().stream().anyMatch(n -> n > 0)) {
      log.info("deleted telemetry older than {} ({} days): {}", cutoff, settings.days(), deleted);
    }
    return deleted;
  }

  /** Runs the job every {@code infer-edge.telemetry.retention.interval}. */
  @Configuration(proxyBeanMethods = false)
  static class Schedule {
    @Bean
    @ConditionalOnProperty(
        name = "infer-edge.telemetry.retention.enabled",
        havingValue = "true",
        matchIfMissing = true)
    PeriodicJob retentionJobSchedule(RetentionJob job, TelemetryProperties properties) {
      return new PeriodicJob(
          "telemetry-retention", properties.retention().interval(), job::runOnce);
    }
  }
}
