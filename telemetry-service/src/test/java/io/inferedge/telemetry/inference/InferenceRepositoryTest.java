package io.inferedge.telemetry.inference;

import static io.inferedge.telemetry.inference.InferenceSamples.inference;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.telemetry.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The Flyway migration and {@link InferenceRepository} on a real PostgreSQL. */
class InferenceRepositoryTest {

  private static JdbcClient jdbc;
  private static InferenceRepository repository;

  @BeforeAll
  static void migrate() {
    DataSource dataSource = TestPostgres.dataSource();
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(TestPostgres.SCHEMA)
        .defaultSchema(TestPostgres.SCHEMA)
        .load()
        .migrate();
    jdbc = JdbcClient.create(dataSource);
    repository =
        new InferenceRepository(
            jdbc,
            new org.springframework.jdbc.core.JdbcTemplate(dataSource),
            new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
            java.time.Clock.systemUTC());
  }

  @Test
  void migrationCreatesTheTableInTheServiceSchemaOnly() {
    List<String> schemas =
        jdbc.sql(
                "SELECT table_schema FROM information_schema.tables WHERE table_name = 'inference'")
            .query(String.class)
            .list();
    assertThat(schemas).containsExactly("telemetry");
    List<String> indexes =
        jdbc.sql("SELECT indexname FROM pg_indexes WHERE tablename = 'inference'")
            .query(String.class)
            .list();
    assertThat(indexes).contains("inference_stream_occurred_idx");
  }

  @Test
  void storesEveryFieldAndReadsItBack() {
    InferenceCompleted event = inference(UUID.randomUUID(), "repo-fields", 7, 5);

    assertThat(repository.storeAll(List.of(event))).isEqualTo(1);

    StoredInference stored = repository.findById(event.eventId()).orElseThrow();
    assertThat(stored.eventId()).isEqualTo(event.eventId());
    assertThat(stored.occurredAt()).isEqualTo(event.occurredAt());
    assertThat(stored.schemaVersion()).isEqualTo(1);
    assertThat(stored.streamId()).isEqualTo("repo-fields");
    assertThat(stored.frameSeq()).isEqualTo(7);
    assertThat(stored.deviceId()).isEqualTo("device-1");
    assertThat(stored.plan()).isEqualTo(event.plan());
    assertThat(stored.configId()).isEqualTo("small/c2/r48/s1");
    assertThat(stored.predictedLabel()).isEqualTo(3);
    assertThat(stored.confidence()).isEqualTo(0.875);
    assertThat(stored.scores()).isEqualTo(event.scores());
    assertThat(stored.groundTruthLabel()).isEqualTo(5);
    assertThat(stored.correct()).isFalse();
    assertThat(stored.preprocessMicros()).isEqualTo(850);
    assertThat(stored.deviceComputeMicros()).isEqualTo(12_400);
    assertThat(stored.transferMicros()).isEqualTo(3_100);
    assertThat(stored.serverComputeMicros()).isEqualTo(9_800);
    assertThat(stored.totalLatencyMicros()).isEqualTo(26_300);
    assertThat(stored.bytesSent()).isEqualTo(18_432);
    assertThat(stored.deviceComputeStartedAt()).isEqualTo(event.deviceComputeStartedAt());
    assertThat(stored.deviceComputeEndedAt()).isEqualTo(event.deviceComputeEndedAt());
    assertThat(stored.receivedAt()).isNotNull();
  }

  @Test
  void storesTheTierFieldsAndTheInt8PlanAndReadsThemBack() {
    InferenceCompleted event = InferenceSamples.splitInference("repo-tiers", 1);

    assertThat(repository.storeAll(List.of(event))).isEqualTo(1);

    StoredInference stored = repository.findById(event.eventId()).orElseThrow();
    assertThat(stored.plan()).isEqualTo(event.plan());
    assertThat(stored.configId()).isEqualTo("small/c2/r48/s1/q8");
    assertThat(stored.linkProfile()).isEqualTo("wifi-20");
    assertThat(stored.radioTransmitMilliwatts()).isEqualTo(800.0);
    assertThat(stored.deviceProfile()).isEqualTo("jetson-nano");
    assertThat(stored.serverQueueMicros()).isEqualTo(1_250L);
    assertThat(stored.bytesSent()).isEqualTo(4_608);
  }

  @Test
  void aRecordFromAnOlderProducerStoresNullTierFields() {
    InferenceCompleted event = inference(UUID.randomUUID(), "repo-older", 1, 3);
    assertThat(event.deviceProfile()).isNull();

    assertThat(repository.storeAll(List.of(event))).isEqualTo(1);

    StoredInference stored = repository.findById(event.eventId()).orElseThrow();
    assertThat(stored.deviceProfile()).isNull();
    assertThat(stored.serverQueueMicros()).isNull();
    assertThat(stored.linkProfile()).isNull();
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM inference WHERE event_id = :id"
                        + " AND device_profile IS NULL AND server_queue_micros IS NULL")
                .param("id", event.eventId())
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void theServerQueueTimeCannotBeNegative() {
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM information_schema.columns WHERE table_schema ="
                        + " 'telemetry' AND table_name = 'inference' AND is_nullable = 'YES' AND"
                        + " column_name IN ('device_profile', 'server_queue_micros')")
                .query(Long.class)
                .single())
        .isEqualTo(2);
    InferenceCompleted event = inference("repo-queue-check", 1);
    repository.storeAll(List.of(event));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                jdbc.sql("UPDATE inference SET server_queue_micros = -1 WHERE event_id = :id")
                    .param("id", event.eventId())
                    .update())
        .hasMessageContaining("server_queue_micros");
  }

  @Test
  void unknownGroundTruthLeavesCorrectNull() {
    InferenceCompleted event = inference(UUID.randomUUID(), "repo-null", 1, null);
    repository.storeAll(List.of(event));

    StoredInference stored = repository.findById(event.eventId()).orElseThrow();
    assertThat(stored.groundTruthLabel()).isNull();
    assertThat(stored.correct()).isNull();
  }

  @Test
  void theSameEventIsStoredOnceWhetherRepeatedInABatchOrRedelivered() {
    InferenceCompleted event = inference("repo-idem", 1);
    InferenceCompleted other = inference("repo-idem", 2);

    assertThat(repository.storeAll(List.of(event, event, other))).isEqualTo(2);
    assertThat(repository.storeAll(List.of(event, other))).isZero();

    assertThat(repository.findByStream("repo-idem", 0, 10).totalElements()).isEqualTo(2);
  }

  @Test
  void pagesOneStreamNewestFirst() {
    var events = new ArrayList<InferenceCompleted>();
    for (int frame = 0; frame < 5; frame++) {
      events.add(inference("repo-page", frame));
    }
    repository.storeAll(events);
    repository.storeAll(List.of(inference("repo-page-other", 9)));

    var first = repository.findByStream("repo-page", 0, 2);
    var last = repository.findByStream("repo-page", 2, 2);

    assertThat(first.totalElements()).isEqualTo(5);
    assertThat(first.content()).extracting(StoredInference::frameSeq).containsExactly(4L, 3L);
    assertThat(last.content()).extracting(StoredInference::frameSeq).containsExactly(0L);
    assertThat(repository.findByStream("repo-page", 3, 2).content()).isEmpty();
  }

  @Test
  void storesLargeBatches() {
    var events = new ArrayList<InferenceCompleted>();
    for (int frame = 0; frame < 2_503; frame++) {
      events.add(inference("repo-large", frame));
    }

    assertThat(repository.storeAll(events)).isEqualTo(events.size());
    assertThat(repository.findByStream("repo-large", 0, 1).totalElements())
        .isEqualTo(events.size());
  }

  @Test
  void anUnknownIdIsEmpty() {
    assertThat(repository.findById(UUID.randomUUID())).isEmpty();
  }
}
