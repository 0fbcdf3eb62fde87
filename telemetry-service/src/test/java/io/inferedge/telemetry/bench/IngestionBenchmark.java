package io.inferedge.telemetry.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.contracts.Plan;
import io.inferedge.contracts.Topics;
import io.inferedge.telemetry.TelemetryApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Sustained ingestion of {@code inference.completed.v1} into PostgreSQL, everything on this
 * machine: an in-process KRaft broker, an embedded PostgreSQL 17 (zonky binaries, {@code fsync} and
 * {@code synchronous_commit} on) and telemetry-service itself (its real application context and
 * configuration). Not part of the test run; see docs/benchmarks.md for the command.
 *
 * <ol>
 *   <li>Preloads the topic with {@code --warmup} events, then {@code --events} distinct events of
 *       64 streams on 8 devices plus {@code --duplicates} of them sent a second time (redeliveries
 *       the service must skip).
 *   <li>Starts the service; once its committed consumer offsets cover the warm-up records (offsets
 *       are committed only after the database commit), times it until they cover every record.
 *   <li>Counts: rows, distinct event ids, the set of ids against what was sent, queued frames.
 *   <li>In the same run, a raw JDBC {@code COPY} of the same rows into a copy of the table (same
 *       columns, indexes and constraints) through pgjdbc's {@code CopyManager}; prints the ratio.
 * </ol>
 *
 * <p>Energy attribution is off by default, so that the figure is ingestion alone; {@code
 * --with-outcomes} runs it too (the frames then wait for power samples and get the fallback power
 * after the wait, a worst case for the job). Arguments starting with {@code --spring.} or {@code
 * --infer-edge.} are passed to the service, to try other settings.
 */
public final class IngestionBenchmark {

  private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");
  private static final List<Double> SCORES =
      List.of(0.01, 0.02, 0.03, 0.875, 0.015, 0.01, 0.02, 0.005, 0.01, 0.005);
  private static final List<Plan> PLANS =
      List.of(
          new Plan("nano", 3, 64, 1),
          new Plan("nano", 3, 32, 1),
          new Plan("small", 2, 48, 1),
          new Plan("small", 4, 24, 2));

  private IngestionBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = intArg(args, "--events", 400_000);
    int duplicates = intArg(args, "--duplicates", events / 100);
    int warmup = intArg(args, "--warmup", 100_000);
    List<String> serviceArgs =
        List.of(args).stream()
            .filter(a -> a.startsWith("--spring.") || a.startsWith("--infer-edge."))
            .toList();
    boolean outcomes = List.of(args).contains("--with-outcomes");
    quiet();

    System.out.println("# telemetry-service ingestion benchmark");
    machine().forEach((k, v) -> System.out.println(k + ": " + v));
    System.out.printf(
        "events: %,d warm-up, then %,d distinct + %,d redelivered%n", warmup, events, duplicates);
    System.out.println("service arguments: " + serviceArgs);
    System.out.println("energy attribution: " + (outcomes ? "on" : "off"));

    EmbeddedKafkaKraftBroker broker =
        new EmbeddedKafkaKraftBroker(
            1, 3, Topics.INFERENCE_COMPLETED, Topics.POWER_SAMPLED, Topics.OUTCOME_RECORDED);
    broker.afterPropertiesSet();
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("shared_buffers", "256MB")
            .start();
    try {
      run(broker, postgres, warmup, events, duplicates, outcomes, serviceArgs);
    } finally {
      postgres.close();
      broker.destroy();
    }
    System.exit(0);
  }

  private static void run(
      EmbeddedKafkaKraftBroker broker,
      EmbeddedPostgres postgres,
      int warmup,
      int events,
      int duplicates,
      boolean outcomes,
      List<String> serviceArgs)
      throws Exception {
    List<InferenceCompleted> all = generate(warmup + events);
    List<InferenceCompleted> warming = all.subList(0, warmup);
    List<InferenceCompleted> sent = all.subList(warmup, all.size());
    long produceStart = System.nanoTime();
    preload(broker.getBrokersAsString(), warming, 0);
    preload(broker.getBrokersAsString(), sent, duplicates);
    double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
    int records = events + duplicates;
    System.out.printf(
        "preloaded %,d records in %.1f s (not timed below)%n", warmup + records, produceSeconds);
    System.out.println(
        "postgres: "
            + JdbcClient.create(postgres.getPostgresDatabase())
                .sql("SELECT version()")
                .query(String.class)
                .single());

    String url =
        "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?currentSchema=telemetry";
    long startNanos = System.nanoTime();
    double serviceSeconds;
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--server.port=0",
                "--logging.level.root=WARN",
                "--infer-edge.telemetry.outcomes.enabled=" + outcomes,
                "--infer-edge.telemetry.retention.enabled=false"));
    arguments.addAll(serviceArgs);
    try (AdminClient admin =
            AdminClient.create(Map.of("bootstrap.servers", broker.getBrokersAsString()));
        ConfigurableApplicationContext service =
            new SpringApplicationBuilder(TelemetryApplication.class)
                .run(arguments.toArray(String[]::new))) {
      System.out.printf("service ready in %.1f s%n", (System.nanoTime() - startNanos) / 1e9);
      long committed = 0;
      while (committed < warmup) {
        Thread.sleep(20); // a benchmark's own pacing, not a test waiting for a condition
        committed = committed(admin);
      }
      long ready = System.nanoTime();
      long base = committed;
      System.out.printf(
          "warmed up (%,d records) after %.1f s; measuring%n", base, (ready - startNanos) / 1e9);
      records += (int) (base - warmup); // the warm-up may have overshot into the measured ones
      long lastPrint = ready;
      while (committed < warmup + (long) events + duplicates) {
        Thread.sleep(100); // a benchmark's own pacing, not a test waiting for a condition
        committed = committed(admin);
        if (System.nanoTime() - lastPrint > 5_000_000_000L) {
          lastPrint = System.nanoTime();
          System.out.printf(
              "  %,d of %,d records committed after %.1f s%n",
              committed - base, warmup + events + duplicates - base, (lastPrint - ready) / 1e9);
        }
      }
      serviceSeconds = (System.nanoTime() - ready) / 1e9;
      records = (int) (committed - base);
    }

    JdbcClient jdbc = JdbcClient.create(postgres.getDatabase("postgres", "postgres"));
    long rows = jdbc.sql("SELECT count(*) FROM telemetry.inference").query(Long.class).single();
    long distinct =
        jdbc.sql("SELECT count(DISTINCT event_id) FROM telemetry.inference")
            .query(Long.class)
            .single();
    Set<UUID> stored =
        new HashSet<>(
            jdbc.sql("SELECT event_id FROM telemetry.inference").query(UUID.class).list());
    Set<UUID> expected = new HashSet<>();
    all.forEach(e -> expected.add(e.eventId()));
    long lost = expected.stream().filter(id -> !stored.contains(id)).count();
    long unexpected = stored.stream().filter(id -> !expected.contains(id)).count();
    long queued =
        jdbc.sql("SELECT count(*) FROM telemetry.pending_frame").query(Long.class).single();
    double serviceRate = records / serviceSeconds;

    double copySeconds = copy(postgres.getDatabase("postgres", "postgres"), sent);
    double copyRate = events / copySeconds;

    System.out.println();
    System.out.println("| figure | value |");
    System.out.println("| --- | --- |");
    System.out.printf(
        "| service: records consumed (incl. redeliveries) | %,d in %.2f s = **%,.0f events/s** |%n",
        records, serviceSeconds, serviceRate);
    System.out.printf(
        "| service: distinct rows stored while measured | about %,.0f rows/s |%n",
        serviceRate * events / (events + duplicates));
    System.out.printf(
        "| rows / distinct event ids / expected (incl. warm-up) | %,d / %,d / %,d |%n",
        rows, distinct, all.size());
    System.out.printf(
        "| lost / duplicated / unexpected rows | %d / %d / %d |%n",
        lost, rows - distinct, unexpected);
    System.out.printf("| frames queued for attribution | %,d |%n", queued);
    System.out.printf(
        "| raw JDBC COPY of the same %,d rows | %.2f s = %,.0f rows/s |%n",
        events, copySeconds, copyRate);
    System.out.printf(
        "| service / COPY (records/s over rows/s) | %.2f |%n", serviceRate / copyRate);
    if (lost != 0 || rows != distinct || unexpected != 0 || rows != all.size()) {
      System.out.println("FAILED: rows were lost or duplicated");
      System.exit(1);
    }
  }

  private static long committed(AdminClient admin) throws Exception {
    return admin
        .listConsumerGroupOffsets("telemetry-service")
        .partitionsToOffsetAndMetadata()
        .get()
        .entrySet()
        .stream()
        .filter(e -> e.getKey().topic().equals(Topics.INFERENCE_COMPLETED))
        .mapToLong(e -> e.getValue().offset())
        .sum();
  }

  private static List<InferenceCompleted> generate(int count) {
    Random random = new Random(20251126);
    List<InferenceCompleted> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int stream = i % 64;
      Instant start = T0.plusMillis(i / 64 * 33L).plusNanos(stream * 1_000L);
      long compute = 300 + random.nextInt(2_500);
      Instant end = start.plusNanos(compute * 1_000);
      int truth = random.nextInt(10);
      events.add(
          new InferenceCompleted(
              UUID.randomUUID(),
              end.plusMillis(1),
              InferenceCompleted.SCHEMA_VERSION,
              "cam-" + stream,
              i / 64,
              "device-" + stream % 8,
              PLANS.get(stream % PLANS.size()),
              3,
              0.875,
              SCORES,
              truth,
              120,
              compute,
              0,
              0,
              compute + 900,
              0,
              start,
              end,
              "wifi-20",
              5_796.0));
    }
    return events;
  }

  private static void preload(String brokers, List<InferenceCompleted> events, int duplicates) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    Random random = new Random(7);
    try (var producer =
        new KafkaProducer<String, Object>(
            props, new StringSerializer(), new JacksonJsonSerializer<>())) {
      for (InferenceCompleted event : events) {
        producer.send(new ProducerRecord<>(Topics.INFERENCE_COMPLETED, event.streamId(), event));
      }
      for (int i = 0; i < duplicates; i++) {
        InferenceCompleted again = events.get(random.nextInt(events.size()));
        producer.send(new ProducerRecord<>(Topics.INFERENCE_COMPLETED, again.streamId(), again));
      }
      producer.flush();
    }
  }

  /** COPYs the rows into {@code inference_copy} (the same table) in one statement; seconds. */
  private static double copy(DataSource dataSource, List<InferenceCompleted> events)
      throws Exception {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    jdbc.sql("CREATE TABLE telemetry.inference_copy (LIKE telemetry.inference INCLUDING ALL)")
        .update();
    String columns =
        "event_id, occurred_at, schema_version, stream_id, frame_seq, device_id, config_id,"
            + " model_version, cut_point, input_resolution, frame_skip, predicted_label,"
            + " confidence, scores, ground_truth_label, correct, preprocess_micros,"
            + " device_compute_micros, transfer_micros, server_compute_micros,"
            + " total_latency_micros, bytes_sent, device_compute_started_at,"
            + " device_compute_ended_at, link_profile, radio_transmit_mw";
    long start = System.nanoTime();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      CopyIn copy =
          connection
              .unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn("COPY telemetry.inference_copy (" + columns + ") FROM STDIN (FORMAT text)");
      StringBuilder line = new StringBuilder(512);
      for (InferenceCompleted e : events) {
        line.setLength(0);
        Plan plan = e.plan();
        line.append(e.eventId()).append('\t').append(e.occurredAt()).append('\t');
        line.append(e.schemaVersion()).append('\t').append(e.streamId()).append('\t');
        line.append(e.frameSeq()).append('\t').append(e.deviceId()).append('\t');
        line.append(plan.configId()).append('\t').append(plan.modelVersion()).append('\t');
        line.append(plan.cutPoint()).append('\t').append(plan.inputResolution()).append('\t');
        line.append(plan.frameSkip()).append('\t').append(e.predictedLabel()).append('\t');
        line.append(e.confidence()).append('\t');
        line.append('{');
        for (int i = 0; i < e.scores().size(); i++) {
          line.append(i == 0 ? "" : ",").append(e.scores().get(i));
        }
        line.append('}').append('\t');
        line.append(e.groundTruthLabel() == null ? "\\N" : e.groundTruthLabel()).append('\t');
        line.append(e.correct() == null ? "\\N" : e.correct()).append('\t');
        line.append(e.preprocessMicros()).append('\t').append(e.deviceComputeMicros());
        line.append('\t').append(e.transferMicros()).append('\t');
        line.append(e.serverComputeMicros()).append('\t').append(e.totalLatencyMicros());
        line.append('\t').append(e.bytesSent()).append('\t');
        line.append(e.deviceComputeStartedAt()).append('\t').append(e.deviceComputeEndedAt());
        line.append('\t').append(e.linkProfile()).append('\t');
        line.append(e.radioTransmitMilliwatts()).append('\n');
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
      }
      long copied = copy.endCopy();
      connection.commit();
      if (copied != events.size()) {
        throw new IllegalStateException("COPY stored " + copied + " of " + events.size());
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static Map<String, String> machine() {
    Map<String, String> facts = new java.util.LinkedHashMap<>();
    facts.put("date", Instant.now().toString());
    facts.put("processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
    try {
      Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .findFirst()
          .ifPresent(l -> facts.put("cpu", l.substring(l.indexOf(':') + 1).strip()));
      Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(l -> l.startsWith("MemTotal"))
          .findFirst()
          .ifPresent(l -> facts.put("memory", l.substring(l.indexOf(':') + 1).strip()));
      facts.put("load average", Files.readString(Path.of("/proc/loadavg")).strip());
    } catch (IOException e) {
      facts.put("machine", "unknown (" + e + ")");
    }
    facts.put(
        "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    facts.put("max heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
    return facts;
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }

  /** The broker logs at INFO through Logback before Spring's logging takes over. */
  private static void quiet() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
  }
}
