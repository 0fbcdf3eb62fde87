package io.inferedge.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local mode keeps its state: a restart on the same data directory finds topics and tables. */
class LocalStateTest {

  @TempDir Path dataDir;

  @Test
  void kafkaTopicsSurviveARestart() throws Exception {
    int port = freePort();
    int controller = freePort();
    try (LocalKafka kafka = LocalKafka.start(dataDir, port, controller);
        AdminClient admin = admin(kafka)) {
      admin.createTopics(Set.of(new NewTopic("kept", 1, (short) 1))).all().get();
    }
    try (LocalKafka kafka = LocalKafka.start(dataDir, port, controller);
        AdminClient admin = admin(kafka)) {
      assertThat(admin.listTopics().names().get()).contains("kept");
    }
  }

  @Test
  void postgresTablesSurviveARestart() throws Exception {
    int port = freePort();
    try (LocalPostgres postgres = LocalPostgres.start(dataDir, port);
        var c = postgres.dataSource().getConnection()) {
      c.createStatement().execute("CREATE TABLE kept (id int)");
      c.createStatement().execute("INSERT INTO kept VALUES (42)");
    }
    try (LocalPostgres postgres = LocalPostgres.start(dataDir, port);
        var c = postgres.dataSource().getConnection()) {
      var rows = c.createStatement().executeQuery("SELECT id FROM kept");
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(42);
    }
  }

  private static AdminClient admin(LocalKafka kafka) {
    return AdminClient.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            (int) Duration.ofSeconds(10).toMillis(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) Duration.ofSeconds(20).toMillis()));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
