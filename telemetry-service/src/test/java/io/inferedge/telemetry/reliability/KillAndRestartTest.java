package io.inferedge.telemetry.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inferedge.contracts.Topics;
import io.inferedge.telemetry.TelemetryApplication;
import io.inferedge.telemetry.TestPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * telemetry-service killed mid-stream (SIGKILL: no shutdown hook, no offset commit, a database
 * transaction possibly committed whose offsets never were) and started again: every event is stored
 * exactly once. The service runs as a child JVM, as in production, on a broker and a database of
 * this test's own.
 */
@EmbeddedKafka(
    partitions = 3,
    topics = {Topics.INFERENCE_COMPLETED, Topics.POWER_SAMPLED, Topics.OUTCOME_RECORDED})
class KillAndRestartTest {

  static final int EVENTS = 30_000;

  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void stopChildren() throws InterruptedException {
    for (Process child : children) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The service's arguments: this test's broker and database, the jobs off. */
  private static List<String> arguments(EmbeddedKafkaBroker broker, String database) {
    return List.of(
        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
        "--spring.datasource.url=" + TestPostgres.jdbcUrl(database),
        "--spring.datasource.username=postgres",
        "--spring.datasource.password=",
        "--server.port=0",
        // The killed consumers stay group members until their session times out (45 s by
        // default); the restarted ones get their partitions only then. Shorter here.
        "--spring.kafka.consumer.properties.session.timeout.ms=6000",
        "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000",
        "--infer-edge.telemetry.outcomes.enabled=false",
        "--infer-edge.telemetry.retention.enabled=false");
  }

  private Process startChild(EmbeddedKafkaBroker broker, String database) throws IOException {
    Path log = Path.of("target", "kill-and-restart-child.log");
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TelemetryApplication.class.getName());
    command.addAll(arguments(broker, database));
    Process child =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(new File("."))
            .start();
    children.add(child);
    return child;
  }

  private static long stored(JdbcClient jdbc) {
    try {
      return jdbc.sql("SELECT count(*) FROM inference").query(Long.class).single();
    } catch (RuntimeException tableNotThereYet) {
      return -1;
    }
  }

  @Test
  void everyEventIsStoredExactlyOnceAcrossAKill(EmbeddedKafkaBroker broker) throws Exception {
    JdbcClient jdbc = JdbcClient.create(TestPostgres.database("kill_restart"));
    try (Produced produced = new Produced(broker.getBrokersAsString())) {
      produced.send("kill", 24, EVENTS);

      Process first = startChild(broker, "kill_restart");
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> stored(jdbc) >= EVENTS / 12 || !first.isAlive());
      first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      long atKill = stored(jdbc);
      assertThat(atKill).as("killed mid-stream").isBetween(1L, EVENTS - 1L);

      try (ConfigurableApplicationContext restarted =
          new SpringApplicationBuilder(TelemetryApplication.class)
              .run(arguments(broker, "kill_restart").toArray(String[]::new))) {
        await().atMost(Duration.ofSeconds(90)).until(() -> stored(jdbc) == EVENTS);
      }

      List<UUID> ids = jdbc.sql("SELECT event_id FROM inference").query(UUID.class).list();
      assertThat(ids).hasSize(EVENTS);
      assertThat(new HashSet<>(ids)).isEqualTo(produced.ids());
      // Each frame was queued for energy attribution exactly once too.
      assertThat(jdbc.sql("SELECT count(*) FROM pending_frame").query(Long.class).single())
          .isEqualTo(EVENTS);
    }
  }
}
