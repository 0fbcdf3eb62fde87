package io.inferedge.telemetry.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inferedge.contracts.Topics;
import io.inferedge.telemetry.TelemetryApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The database goes away while events keep coming: consumption pauses (no offset is committed past
 * what is stored), and when the database is back every event is stored exactly once, even though a
 * second instance of the service joined (a rebalance) during the outage. A PostgreSQL of this
 * test's own is stopped and started again on the same port and data directory; the service
 * instances run in this JVM with their own application contexts.
 */
@EmbeddedKafka(
    partitions = 3,
    topics = {Topics.INFERENCE_COMPLETED, Topics.POWER_SAMPLED, Topics.OUTCOME_RECORDED})
class DatabaseOutageTest {

  @TempDir Path data;

  private EmbeddedPostgres postgres(int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .start();
  }

  /** A service instance on this test's broker and database; retries at least every second. */
  private static ConfigurableApplicationContext start(
      EmbeddedKafkaBroker broker, String url, String... more) {
    List<String> arguments =
        new java.util.ArrayList<>(
            List.of(
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.datasource.hikari.connection-timeout=1000",
                "--spring.datasource.hikari.validation-timeout=500",
                "--server.port=0",
                "--infer-edge.support.kafka-max-retry-interval=1s",
                "--infer-edge.telemetry.outcomes.enabled=false",
                "--infer-edge.telemetry.retention.enabled=false"));
    arguments.addAll(List.of(more));
    // Arguments, not default properties: they must win over application.yml.
    return new SpringApplicationBuilder(TelemetryApplication.class)
        .run(arguments.toArray(String[]::new));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static long committed(AdminClient admin) throws Exception {
    Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets("telemetry-service").partitionsToOffsetAndMetadata().get();
    return offsets.entrySet().stream()
        .filter(e -> e.getKey().topic().equals(Topics.INFERENCE_COMPLETED))
        .mapToLong(e -> e.getValue().offset())
        .sum();
  }

  private static Map<Integer, Long> committedByPartition(AdminClient admin) throws Exception {
    Map<Integer, Long> byPartition = new java.util.TreeMap<>();
    admin
        .listConsumerGroupOffsets("telemetry-service")
        .partitionsToOffsetAndMetadata()
        .get()
        .forEach(
            (partition, offset) -> {
              if (partition.topic().equals(Topics.INFERENCE_COMPLETED)) {
                byPartition.put(partition.partition(), offset.offset());
              }
            });
    return byPartition;
  }

  private static Map<Integer, Long> endOffsets(AdminClient admin) throws Exception {
    Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
        new java.util.HashMap<>();
    for (int p = 0; p < 3; p++) {
      latest.put(
          new org.apache.kafka.common.TopicPartition(Topics.INFERENCE_COMPLETED, p),
          org.apache.kafka.clients.admin.OffsetSpec.latest());
    }
    Map<Integer, Long> byPartition = new java.util.TreeMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get()
        .forEach((partition, info) -> byPartition.put(partition.partition(), info.offset()));
    return byPartition;
  }

  @Test
  void consumersPauseWhileTheDatabaseIsDownAndLoseNothing(EmbeddedKafkaBroker broker)
      throws Exception {
    int port = freePort();
    EmbeddedPostgres postgres = postgres(port);
    String url = "jdbc:postgresql://localhost:" + port + "/postgres?currentSchema=telemetry";
    JdbcClient jdbc = JdbcClient.create(postgres.getPostgresDatabase());
    try (Produced produced = new Produced(broker.getBrokersAsString());
        AdminClient admin =
            AdminClient.create(Map.of("bootstrap.servers", broker.getBrokersAsString()));
        ConfigurableApplicationContext service = start(broker, url)) {
      produced.send("outage-before", 6, 1_000);
      await().atMost(Duration.ofSeconds(30)).until(() -> committed(admin) == 1_000);

      postgres.close();
      produced.send("outage-during", 6, 2_000);

      // Nothing can be stored, so nothing is committed: the consumers wait, retrying; meanwhile
      // a second instance joins and the partitions move.
      // (Flyway off: the migration needs the database, which the first instance already migrated.)
      try (ConfigurableApplicationContext second =
          start(broker, url, "--spring.flyway.enabled=false")) {
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(10))
            .until(() -> committed(admin) == 1_000);
        assertThat(service.isRunning()).isTrue();

        postgres = postgres(port);
        JdbcClient back = JdbcClient.create(postgres.getPostgresDatabase());
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    back.sql("SELECT count(*) FROM telemetry.inference").query(Long.class).single()
                        == 3_000);
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> assertThat(committedByPartition(admin)).isEqualTo(endOffsets(admin)));
        List<UUID> ids =
            back.sql("SELECT event_id FROM telemetry.inference").query(UUID.class).list();
        assertThat(ids).hasSize(3_000);
        assertThat(new HashSet<>(ids)).isEqualTo(produced.ids());
      }
    } finally {
      postgres.close();
    }
  }
}
