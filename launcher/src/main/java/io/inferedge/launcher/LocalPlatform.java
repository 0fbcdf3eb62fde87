package io.inferedge.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform on one machine without Docker: a KRaft Kafka and a PostgreSQL on loopback,
 * then the four services as child JVMs (inference-service twice: the device tier and, on its own
 * port, the server tier it offloads to), each waited for until ready. Closing it stops everything
 * in the reverse order. State lives under the data directory, so a restart keeps topics and tables;
 * credentials do not: each start generates its own ({@link LocalSecrets}), so API keys issued
 * through the admin API of an earlier run stay in the key topic but the admin key changes.
 *
 * <p>Not thread-safe: start and close from one thread (close is also called by the shutdown hook).
 */
public final class LocalPlatform implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalPlatform.class);
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

  /** The device tier's link profile in local mode: the trace-driven demo link. */
  static final String DEVICE_LINK_PROFILE = "demo-trace";

  /**
   * Where everything listens. The defaults are the documented local ports.
   *
   * @param gateway the public HTTP entry
   * @param inference the device tier (inference-service, role device)
   * @param inferenceServer the server tier the device tier offloads split plans to
   *     (inference-service, role server)
   */
  public record Ports(
      int gateway,
      int inference,
      int telemetry,
      int policy,
      int inferenceServer,
      int kafka,
      int kafkaController,
      int postgres) {
    public static final Ports DEFAULT = new Ports(8080, 8081, 8082, 8083, 8084, 9092, 9093, 5432);
  }

  /**
   * Online learning in local mode ({@code infer-edge.policy.online.*}, README, local mode): on,
   * with rounds small enough for a laptop: at most one every 5 minutes once 200 new outcomes
   * arrived, 20,000 emulator steps (a few seconds), a one-seed gate of 100 windows per profile, on
   * the device class of the local device tier ({@code host}). Margins and rollback keep the
   * service's defaults.
   */
  static final Map<String, String> LOCAL_ONLINE_LEARNING =
      orderedMap(
          "infer-edge.policy.online.enabled", "true",
          "infer-edge.policy.online.interval", "5m",
          "infer-edge.policy.online.min-new-outcomes", "200",
          "infer-edge.policy.online.steps-per-round", "20000",
          "infer-edge.policy.online.critic-warmup-steps", "4000",
          "infer-edge.policy.online.gate-seeds", "1",
          "infer-edge.policy.online.gate-steps", "100",
          "infer-edge.policy.online.calibration-min-samples", "20",
          "infer-edge.policy.online.device", "host");

  /**
   * @param home the repository root, where the services' jars and the model zoo are
   * @param dataDir where Kafka, PostgreSQL and the service logs keep their state
   * @param policyProperties policy-service properties (name without {@code --}) that override the
   *     local defaults, e.g. {@link #LOCAL_ONLINE_LEARNING}'s
   */
  public record Settings(
      Path home, Path dataDir, Ports ports, Map<String, String> policyProperties) {

    public Settings {
      policyProperties = Map.copyOf(policyProperties);
    }

    public Settings(Path home, Path dataDir, Ports ports) {
      this(home, dataDir, ports, Map.of());
    }
  }

  private final Settings settings;
  private final LocalSecrets secrets = LocalSecrets.generate();
  private final List<AutoCloseable> started = new ArrayList<>();
  private LocalKafka kafka;
  private LocalPostgres postgres;
  private final Map<String, ServiceProcess> services = new java.util.LinkedHashMap<>();

  private LocalPlatform(Settings settings) {
    this.settings = settings;
  }

  /** Starts everything and returns once every service (both inference tiers) is ready. */
  public static LocalPlatform start(Settings settings) throws Exception {
    var platform = new LocalPlatform(settings);
    try {
      platform.startAll();
      return platform;
    } catch (Exception | Error e) {
      platform.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    Ports ports = settings.ports();
    Path dataDir = settings.dataDir().toAbsolutePath();
    Files.createDirectories(dataDir);
    long t0 = System.nanoTime();
    kafka = LocalKafka.start(dataDir, ports.kafka(), ports.kafkaController());
    started.add(kafka);
    log.info("Kafka (KRaft) on {}", kafka.bootstrapServers());
    postgres = LocalPostgres.start(dataDir, ports.postgres());
    started.add(postgres);
    log.info("PostgreSQL on 127.0.0.1:{}/{}", postgres.port(), LocalPostgres.DATABASE);

    Path home = settings.home().toAbsolutePath();
    Path logs = dataDir.resolve("logs");
    List<String> jvm = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    List<String> common =
        List.of(
            "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--logging.file.name=");
    // Credentials go through the environment, not the command line (visible to ps) or a file.
    Map<String, String> env =
        merge(Map.of("TF_CPP_MIN_LOG_LEVEL", "1"), secrets.serviceEnvironment());
    Map<String, String> tierEnv = merge(env, secrets.tierEnvironment());

    List<String> inference =
        concat(common, "--infer-edge.inference.model-dir=" + home.resolve("models"));
    launch(
        "inference-server",
        "inference-service",
        ports.inferenceServer(),
        inferenceJvmOptions(home, dataDir),
        concat(inference, "--infer-edge.inference.role=server"),
        tierEnv);
    launch(
        "inference-service",
        "inference-service",
        ports.inference(),
        inferenceJvmOptions(home, dataDir),
        concat(
            inference,
            "--infer-edge.inference.role=device",
            "--infer-edge.inference.server-url=http://127.0.0.1:" + ports.inferenceServer(),
            // an emulated link that drops from 20 to 2 Mbit/s every 40 s (tier-profiles.yml)
            "--infer-edge.inference.link-profile=" + DEVICE_LINK_PROFILE),
        tierEnv);
    launch(
        "telemetry-service",
        "telemetry-service",
        ports.telemetry(),
        jvm,
        withDatabase(common, "telemetry"),
        env);
    // Online learning trains with TensorFlow Java: the natives policy-service's build unpacks.
    var policyProperties = new java.util.LinkedHashMap<>(LOCAL_ONLINE_LEARNING);
    policyProperties.putAll(settings.policyProperties());
    List<String> policy = withDatabase(common, "policy");
    policyProperties.forEach((name, value) -> policy.add("--" + name + "=" + value));
    launch(
        "policy-service",
        "policy-service",
        ports.policy(),
        concat(jvm, "-Djava.library.path=" + tensorflowNatives(home, "policy-service")),
        policy,
        env);
    launch(
        "gateway",
        "gateway",
        ports.gateway(),
        jvm,
        concat(
            common,
            "--infer-edge.gateway.inference-url=http://127.0.0.1:" + ports.inference(),
            "--infer-edge.gateway.telemetry-url=http://127.0.0.1:" + ports.telemetry(),
            "--infer-edge.gateway.policy-url=http://127.0.0.1:" + ports.policy(),
            // the device tier's own device profile, so the state the gateway decides on
            // describes the tier it routes to; the device tier's link is a trace, which the
            // gateway's estimator measures from the replies, so it starts from wifi-20's figures
            "--infer-edge.gateway.device-profile=host",
            "--infer-edge.gateway.link-profile=wifi-20"),
        merge(env, secrets.gatewayEnvironment()));

    ExecutorService waiters = Executors.newFixedThreadPool(services.size());
    try {
      List<Future<?>> ready = new ArrayList<>();
      for (ServiceProcess service : services.values()) {
        ready.add(
            waiters.submit(
                () -> {
                  service.awaitReady(READY_TIMEOUT);
                  log.info("{} ready on {}", service.name(), service.baseUri());
                  return null;
                }));
      }
      for (Future<?> f : ready) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw (e.getCause() instanceof Exception cause) ? cause : e;
        }
      }
    } finally {
      waiters.shutdownNow();
    }
    log.info("platform ready in {} s", (System.nanoTime() - t0) / 1_000_000_000);
  }

  private List<String> withDatabase(List<String> common, String schema) {
    return concat(
        common,
        "--spring.datasource.url=" + postgres.jdbcUrl(schema),
        "--spring.datasource.username=" + LocalPostgres.USER,
        "--spring.datasource.password=");
  }

  private void launch(
      String name,
      String module,
      int port,
      List<String> jvm,
      List<String> properties,
      Map<String, String> env)
      throws Exception {
    Path jar = runnableJar(settings.home().toAbsolutePath(), module);
    var service =
        ServiceProcess.start(
            name,
            jar,
            port,
            jvm,
            properties,
            env,
            settings.dataDir().toAbsolutePath().resolve("logs"));
    services.put(name, service);
    started.add(service);
  }

  /**
   * JVM options of an inference-service instance: the TensorFlow natives that the build unpacks,
   * DJL offline with its cache under the data directory.
   */
  public static List<String> inferenceJvmOptions(Path home, Path dataDir) {
    return List.of(
        "-Xmx1g",
        "-XX:+UseSerialGC",
        "-Djava.library.path=" + tensorflowNatives(home, "inference-service"),
        "-Dai.djl.offline=true",
        "-DDJL_CACHE_DIR=" + dataDir.resolve("djl"));
  }

  /** Where a module's build unpacks the TensorFlow shared libraries. */
  static Path tensorflowNatives(Path home, String module) {
    return home.resolve(
        module + "/target/tensorflow-natives/org/tensorflow/internal/c_api/linux-x86_64");
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    var map = new java.util.LinkedHashMap<String, String>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  /** The Spring Boot runnable jar a module's build leaves in its target directory. */
  public static Path runnableJar(Path home, String module) throws java.io.IOException {
    Path target = home.resolve(module).resolve("target");
    if (Files.isDirectory(target)) {
      try (var files = Files.list(target)) {
        var jar =
            files
                .filter(p -> p.getFileName().toString().matches(module + "-.*-exec\\.jar"))
                .findFirst();
        if (jar.isPresent()) {
          return jar.get();
        }
      }
    }
    return target.resolve(module + "-exec.jar");
  }

  private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
    var all = new java.util.HashMap<>(a);
    all.putAll(b);
    return Map.copyOf(all);
  }

  /** The credentials generated for this run (see {@link LocalSecrets}). */
  LocalSecrets secrets() {
    return secrets;
  }

  private static List<String> concat(List<String> list, String... more) {
    var all = new ArrayList<>(list);
    all.addAll(List.of(more));
    return all;
  }

  public java.net.URI gatewayUri() {
    return services.get("gateway").baseUri();
  }

  /** The base URI of each service, by name. */
  public Map<String, java.net.URI> serviceUris() {
    var uris = new java.util.LinkedHashMap<String, java.net.URI>();
    services.forEach((name, service) -> uris.put(name, service.baseUri()));
    return uris;
  }

  javax.sql.DataSource platformDatabase() {
    return postgres.dataSource();
  }

  @Override
  public synchronized void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        log.warn("stopping {} failed: {}", started.get(i), e.toString());
      }
    }
    started.clear();
  }
}
