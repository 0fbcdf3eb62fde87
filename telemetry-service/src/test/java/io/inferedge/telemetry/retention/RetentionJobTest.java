package io.inferedge.telemetry.retention;

import static io.inferedge.contracts.MeasurementSource.MEASURED;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.telemetry.Events;
import io.inferedge.telemetry.MutableClock;
import io.inferedge.telemetry.TelemetryProperties;
import io.inferedge.telemetry.TestPostgres;
import io.inferedge.telemetry.inference.InferenceRepository;
import io.inferedge.telemetry.power.PowerRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link RetentionJob} on a database of its own, with a clock the test sets. */
class RetentionJobTest {

  static final Instant NOW = Instant.parse("2026-12-31T00:00:00Z");

  @Test
  void deletesEverythingOlderThanTheRetentionInSmallStatements() {
    DataSource dataSource = TestPostgres.migratedDatabase("retention");
    JdbcClient jdbc = JdbcClient.create(dataSource);
    var transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    MutableClock clock = new MutableClock(NOW.minus(Duration.ofDays(40)));
    var inferences =
        new InferenceRepository(
            jdbc, new org.springframework.jdbc.core.JdbcTemplate(dataSource), transactions, clock);
    var power = new PowerRepository(jdbc, transactions);
    Instant old = NOW.minus(Duration.ofDays(40));
    Instant recent = NOW.minus(Duration.ofDays(2));
    for (int i = 0; i < 5; i++) {
      Instant at = old.plusSeconds(i);
      inferences.storeAll(List.of(Events.frame("ret-old", "ret-dev", at, at.plusMillis(3))));
    }
    power.storeAll(List.of(Events.power("ret-dev", MEASURED, old, 0, 1_000, 100, 1_000)));
    clock.advance(Duration.ofDays(38));
    InferenceCompleted kept = Events.frame("ret-new", "ret-dev", recent, recent.plusMillis(3));
    inferences.storeAll(List.of(kept));
    power.storeAll(List.of(Events.power("ret-dev", MEASURED, recent, 0, 1_000)));
    var properties =
        new TelemetryProperties(
            500,
            50,
            3,
            new TelemetryProperties.Outcomes(
                false,
                Duration.ofSeconds(1),
                100,
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                Duration.ofMillis(500),
                6_470,
                Duration.ofSeconds(5)),
            new TelemetryProperties.Retention(true, 30, Duration.ofHours(1), 2),
            new TelemetryProperties.Query(Duration.ofHours(1), Duration.ofDays(31), 10_000));
    var job = new RetentionJob(jdbc, properties, new MutableClock(NOW), new SimpleMeterRegistry());

    Map<String, Long> deleted = job.runOnce();

    // Five old frames, in statements of two; their queue entries; two old samples and one batch.
    assertThat(deleted)
        .containsEntry("inference", 5L)
        .containsEntry("pending_frame", 5L)
        .containsEntry("power_sample", 2L)
        .containsEntry("power_batch", 1L)
        .containsEntry("outcome", 0L);
    assertThat(jdbc.sql("SELECT event_id FROM inference").query(java.util.UUID.class).list())
        .containsExactly(kept.eventId());
    assertThat(jdbc.sql("SELECT count(*) FROM power_sample").query(Long.class).single())
        .isEqualTo(1);
    assertThat(job.runOnce().values()).containsOnly(0L);
  }
}
