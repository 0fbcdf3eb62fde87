package io.inferedge.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft Kafka (broker and controller in one process) on loopback, for the local mode.
 * The log directory is formatted once and reused, so topics and offsets survive a restart.
 *
 * <p>It uses Kafka's server classes directly ({@code KafkaRaftServer}, {@code Formatter}); they are
 * internal APIs, so the version is pinned in the root pom and {@code LocalPlatformTest} covers this
 * class. Not thread-safe: start and close from one thread.
 */
final class LocalKafka implements AutoCloseable {

  private static final String CONTROLLER = "CONTROLLER";

  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private LocalKafka(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  static LocalKafka start(Path dataDir, int port, int controllerPort) throws Exception {
    Path logDir = dataDir.resolve("kafka");
    Files.createDirectories(logDir);
    String bootstrap = "127.0.0.1:" + port;
    Map<String, Object> props =
        Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", "1"),
            Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
            Map.entry(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                    + port
                    + ","
                    + CONTROLLER
                    + "://127.0.0.1:"
                    + controllerPort),
            Map.entry("advertised.listeners", "PLAINTEXT://" + bootstrap),
            Map.entry("controller.listener.names", CONTROLLER),
            Map.entry("inter.broker.listener.name", "PLAINTEXT"),
            Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
            Map.entry("log.dirs", logDir.toString()),
            Map.entry("num.partitions", "3"),
            Map.entry("auto.create.topics.enable", "true"),
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "3"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"));
    KafkaConfig config = new KafkaConfig(props, false);
    formatOnce(logDir);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    return new LocalKafka(server, bootstrap);
  }

  private static void formatOnce(Path logDir) throws Exception {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    new Formatter()
        .setClusterId(Uuid.randomUuid().toString())
        .setNodeId(1)
        .setControllerListenerName(CONTROLLER)
        .setMetadataLogDirectory(logDir.toString())
        .setDirectories(List.of(logDir.toString()))
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
        .run();
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
    server.awaitShutdown();
  }
}
