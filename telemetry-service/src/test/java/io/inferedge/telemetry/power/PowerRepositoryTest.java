package io.inferedge.telemetry.power;

import static io.inferedge.contracts.MeasurementSource.EMULATED;
import static io.inferedge.contracts.MeasurementSource.MEASURED;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferedge.contracts.PowerSampled;
import io.inferedge.telemetry.Events;
import io.inferedge.telemetry.TestPostgres;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link PowerRepository} and the V2 migration on a real PostgreSQL. */
class PowerRepositoryTest {

  static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

  private static JdbcClient jdbc;
  private static PowerRepository repository;

  @BeforeAll
  static void migrate() {
    DataSource dataSource = TestPostgres.migratedDatabase("power_repository");
    jdbc = JdbcClient.create(dataSource);
    repository =
        new PowerRepository(
            jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
  }

  private List<Map<String, Object>> samples(String device) {
    return jdbc.sql(
            "SELECT sampled_at, power_mw, source FROM power_sample WHERE device_id = :d"
                + " ORDER BY sampled_at")
        .param("d", device)
        .query(
            (rs, i) ->
                Map.<String, Object>of(
                    "sampled_at", rs.getObject("sampled_at", OffsetDateTime.class),
                    "power_mw", rs.getDouble("power_mw"),
                    "source", rs.getString("source")))
        .list();
  }

  @Test
  void storesEverySampleWithMicrosecondTimes() {
    PowerSampled batch = Events.power("pr-fields", MEASURED, T0, 0, 4_812.5, 100.0015, 6_204);

    assertThat(repository.storeAll(List.of(batch))).isEqualTo(2);

    List<Map<String, Object>> rows = samples("pr-fields");
    assertThat(rows).hasSize(2);
    assertThat(((OffsetDateTime) rows.get(0).get("sampled_at")).toInstant()).isEqualTo(T0);
    // 100.0015 ms is stored to the microsecond: 100.001 ms.
    assertThat(((OffsetDateTime) rows.get(1).get("sampled_at")).toInstant())
        .isEqualTo(T0.plusNanos(100_001_000));
    assertThat(rows.get(1).get("power_mw")).isEqualTo(6_204.0);
    assertThat(rows.get(0).get("source")).isEqualTo("MEASURED");
    Map<String, Object> stored =
        jdbc.sql("SELECT * FROM power_batch WHERE event_id = :id")
            .param("id", batch.eventId())
            .query()
            .singleRow();
    assertThat(stored.get("device_id")).isEqualTo("pr-fields");
    assertThat(stored.get("sensor")).isEqualTo("ina3221-hwmon");
    assertThat(stored.get("sample_count")).isEqualTo(2);
  }

  @Test
  void aBatchIsStoredOnceWhetherRepeatedInAPollOrRedelivered() {
    PowerSampled batch = Events.power("pr-idem", EMULATED, T0, 0, 1_000, 100, 2_000);
    PowerSampled next = Events.power("pr-idem", EMULATED, T0, 200, 3_000);

    assertThat(repository.storeAll(List.of(batch, batch, next))).isEqualTo(3);
    assertThat(repository.storeAll(List.of(batch, next))).isZero();

    assertThat(samples("pr-idem")).hasSize(3);
    assertThat(
            jdbc.sql("SELECT count(*) FROM power_batch WHERE device_id = 'pr-idem'")
                .query(Long.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void aSampleAlreadyStoredUnderAnotherBatchCountsOnce() {
    PowerSampled first = Events.power("pr-overlap", MEASURED, T0, 0, 1_000, 100, 2_000);
    PowerSampled again = Events.power("pr-overlap", MEASURED, T0, 100, 2_000, 200, 3_000);

    repository.storeAll(List.of(first));
    assertThat(repository.storeAll(List.of(again))).isEqualTo(1);

    assertThat(samples("pr-overlap"))
        .extracting(r -> r.get("power_mw"))
        .containsExactly(1_000.0, 2_000.0, 3_000.0);
  }

  @Test
  void storesPollsLargerThanOneStatement() {
    var batches = new ArrayList<PowerSampled>();
    for (int i = 0; i < PowerRepository.BATCHES_PER_STATEMENT + 5; i++) {
      batches.add(Events.power("pr-large", MEASURED, T0.plusSeconds(i), 0, 1_000, 50, 1_500));
    }

    assertThat(repository.storeAll(batches)).isEqualTo(2 * batches.size());
  }
}
