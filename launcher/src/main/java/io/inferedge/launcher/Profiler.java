package io.inferedge.launcher;

import io.inferedge.modelzoo.FashionMnist;
import io.inferedge.modelzoo.Frame;
import io.inferedge.modelzoo.FrameSource;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The profiler (the paper's co-benchmarking): benchmarks every configuration (model version x cut x
 * resolution) of the zoo through the real serving path and writes the trade-off table that the
 * policy emulator draws its outcomes from.
 *
 * <p>It starts a KRaft Kafka and two inference-service instances from their runnable jar, one with
 * role {@code server} and one with role {@code device} (device profile {@code host}, link profile
 * {@code none}: nothing is emulated, the loopback between the tiers is the link), so every latency
 * in the table is measured wall time on this machine. After one warm-up pass over every
 * configuration, for each configuration it sends warm-up frames again, then N labelled frames of
 * the seeded video source, one new test-split item per frame (each configuration gets its own
 * stretch of the stream), to the device tier as raw grey bytes, one at a time, and records each
 * reply's latency breakdown, bytes sent and correctness.
 *
 * <p>What it writes, in the format of {@code docs/profile-format.md} plus the extra columns named
 * there: per configuration the p10/p50/p90/p95 of every latency component, bytes sent and accuracy;
 * per model the accuracy per resolution (the same figure under both content regimes: see {@link
 * ProfileTable}); emulated device energy per frame under every device profile of {@code
 * tier-profiles.yml} (compute: active power x host time x slowdown; radio: transmit power x the
 * link's transfer time of the bytes). JSON and CSV; the JSON is also posted to telemetry-service's
 * {@code /api/v1/profile-tables} when that is running.
 *
 * <pre>
 * bin/infer-edge-profile [--frames N] [--warm-up N] [--models a,b] [--out FILE.json]
 *                        [--telemetry-url URL] [--home DIR]
 * </pre>
 */
public final class Profiler {

  private static final Logger log = LoggerFactory.getLogger(Profiler.class);

  static final long SEED = 20261127L;
  static final List<Integer> RESOLUTIONS = List.of(64, 48, 32, 24);
  static final String[] COMPONENTS = {
    "preprocessMicros",
    "deviceComputeMicros",
    "transferMicros",
    "serverQueueMicros",
    "serverComputeMicros",
    "totalMicros"
  };

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** One configuration's frames, as measured. */
  record Run(String model, int blocks, int cut, int resolution, List<JsonNode> replies) {}

  private Profiler() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(".");
    int frames = 200;
    int warmUp = 20;
    List<String> only = null;
    Path out = null;
    URI telemetry = URI.create("http://127.0.0.1:8082");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--home" -> home = Path.of(value(args, ++i));
        case "--frames" -> frames = Integer.parseInt(value(args, ++i));
        case "--warm-up" -> warmUp = Integer.parseInt(value(args, ++i));
        case "--models" -> only = List.of(value(args, ++i).split(","));
        case "--out" -> out = Path.of(value(args, ++i));
        case "--telemetry-url" -> telemetry = URI.create(value(args, ++i));
        case "--help", "-h" -> {
          System.out.println(
              "usage: bin/infer-edge-profile [--frames N] [--warm-up N] [--models a,b]"
                  + " [--out FILE.json] [--telemetry-url URL] [--home DIR]");
          return;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (frames < 10 || warmUp < 0) {
      throw new IllegalArgumentException("--frames must be >= 10 and --warm-up >= 0");
    }
    home = home.toAbsolutePath().normalize();
    if (out == null) {
      out = home.resolve("policy-runtime/src/main/resources/profiles/measured.json");
    }
    new Profiler().profile(home, frames, warmUp, only, out, telemetry);
  }

  private void profile(
      Path home, int frames, int warmUp, List<String> only, Path out, URI telemetry)
      throws Exception {
    String hostLine = hostDescription();
    Path data = Files.createTempDirectory("infer-edge-profiler");
    List<AutoCloseable> started = new ArrayList<>();
    // Ctrl-C must not leave the two tier JVMs running.
    Thread stopOnExit = new Thread(() -> stopAll(started), "profiler-shutdown");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    try {
      var kafka = LocalKafka.start(data, freePort(), freePort());
      started.add(kafka);
      // The two tiers share a secret generated for this run only.
      Map<String, String> tierEnv =
          Map.of("TF_CPP_MIN_LOG_LEVEL", "1", "TIER_SECRET", LocalSecrets.generate().tierSecret());
      int serverPort = freePort();
      int devicePort = freePort();
      List<String> common =
          List.of(
              "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
              "--logging.file.name=",
              "--infer-edge.inference.model-dir=" + home.resolve("models"));
      var server =
          ServiceProcess.start(
              "inference-server",
              LocalPlatform.runnableJar(home, "inference-service"),
              serverPort,
              LocalPlatform.inferenceJvmOptions(home, data),
              concat(common, "--infer-edge.inference.role=server"),
              tierEnv,
              data.resolve("logs"));
      started.add(server);
      var device =
          ServiceProcess.start(
              "inference-device",
              LocalPlatform.runnableJar(home, "inference-service"),
              devicePort,
              LocalPlatform.inferenceJvmOptions(home, data),
              concat(
                  common,
                  "--infer-edge.inference.role=device",
                  "--infer-edge.inference.device-profile=host",
                  "--infer-edge.inference.link-profile=none",
                  "--infer-edge.inference.server-url=" + server.baseUri()),
              tierEnv,
              data.resolve("logs"));
      started.add(device);
      server.awaitReady(Duration.ofMinutes(4));
      device.awaitReady(Duration.ofMinutes(4));
      log.info("tiers ready: device {} -> server {}", device.baseUri(), server.baseUri());

      JsonNode models = get(device.baseUri().resolve("/api/v1/models")).path("models");
      // One new item every frame: accuracy is then measured on independent frames. On the
      // regime-switching stream a calm scene shows one item for about 90 frames, so a stretch of
      // a thousand frames would hold a dozen items and the estimate would be mostly noise.
      FrameSource source = new FrameSource(FashionMnist.testSubset(), SEED, 1);
      List<Run> runs = new ArrayList<>();
      Map<String, JsonNode> manifests = new LinkedHashMap<>();
      long t0 = System.nanoTime();
      List<JsonNode> loaded = new ArrayList<>();
      for (JsonNode model : iterable(models)) {
        String name = model.path("name").asString();
        if (only == null || only.contains(name)) {
          loaded.add(JSON.readTree(home.resolve("models/" + name + "/manifest.json").toFile()));
        }
      }
      // smallest first: the order of the policy's model head
      loaded.sort(Comparator.comparingLong(m -> m.path("parameters").asLong()));
      // One pass over every configuration first, so that no configuration is measured while the
      // two JVMs (HTTP stack, codecs, TensorFlow sessions) are still warming up.
      FrameSource warmUpFrames = new FrameSource(FashionMnist.testSubset(), SEED + 1, 1);
      for (JsonNode manifest : loaded) {
        int blocks = manifest.path("blocks").asInt();
        for (int resolution : RESOLUTIONS) {
          for (int cut = 0; cut <= blocks; cut++) {
            run(
                device.baseUri(),
                warmUpFrames,
                manifest.path("name").asString(),
                blocks,
                cut,
                resolution,
                warmUp,
                0);
          }
        }
      }
      log.info("warmed up ({} s)", (System.nanoTime() - t0) / 1_000_000_000);
      for (JsonNode manifest : loaded) {
        String name = manifest.path("name").asString();
        manifests.put(name, manifest);
        int blocks = manifest.path("blocks").asInt();
        for (int resolution : RESOLUTIONS) {
          for (int cut = 0; cut <= blocks; cut++) {
            runs.add(run(device.baseUri(), source, name, blocks, cut, resolution, warmUp, frames));
          }
        }
        log.info("profiled {} ({} s so far)", name, (System.nanoTime() - t0) / 1_000_000_000);
      }
      Map<String, Object> tiers = tierProfiles(home);
      ObjectNode table = ProfileTable.build(hostLine, frames, warmUp, manifests, runs, tiers);
      Files.createDirectories(out.toAbsolutePath().getParent());
      JSON.writeValue(out.toFile(), table);
      Path csv =
          out.resolveSibling(out.getFileName().toString().replaceFirst("\\.json$", "") + ".csv");
      Files.writeString(csv, ProfileTable.csv(table));
      System.out.printf(
          Locale.ROOT,
          "wrote %s and %s: %d configurations, %d frames each, in %d s%n",
          out,
          csv,
          runs.size(),
          frames,
          (System.nanoTime() - t0) / 1_000_000_000);
      post(telemetry, table);
    } finally {
      stopAll(started);
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    }
  }

  /** Stops what was started, last first; safe to call twice. */
  private static synchronized void stopAll(List<AutoCloseable> started) {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        log.warn("stopping {} failed: {}", started.get(i), e.toString());
      }
    }
    started.clear();
  }

  private Run run(
      URI device,
      FrameSource source,
      String model,
      int blocks,
      int cut,
      int resolution,
      int warmUp,
      int frames)
      throws IOException, InterruptedException {
    String plan = model + "/c" + cut + "/r" + resolution + "/s1";
    List<JsonNode> replies = new ArrayList<>(frames);
    for (int i = 0; i < warmUp + frames; i++) {
      Frame frame = source.next();
      URI uri =
          device.resolve(
              "/api/v1/inferences?streamId=profiler&frameSeq="
                  + frame.seq()
                  + "&plan="
                  + plan
                  + "&groundTruth="
                  + frame.label());
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/octet-stream")
              .POST(HttpRequest.BodyPublishers.ofByteArray(frame.pixels()))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "plan " + plan + " answered " + response.statusCode() + ": " + response.body());
      }
      if (i >= warmUp) {
        replies.add(JSON.readTree(response.body()));
      }
    }
    return new Run(model, blocks, cut, resolution, replies);
  }

  private JsonNode get(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(uri + " answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  /** Posts the table to telemetry-service if it is running; never fails the profile. */
  private void post(URI telemetry, ObjectNode table) throws InterruptedException {
    URI uri = telemetry.resolve("/api/v1/profile-tables");
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(table)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      System.out.println(
          "posted the table to " + uri + ": " + response.statusCode() + " " + response.body());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      System.out.println("telemetry-service is not running at " + telemetry + "; not posted");
    } catch (IOException e) {
      System.out.println("posting the table to " + uri + " failed: " + e);
    }
  }

  /** The device and link profiles of inference-service's {@code tier-profiles.yml}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> tierProfiles(Path home) throws IOException {
    Path file = home.resolve("inference-service/src/main/resources/tier-profiles.yml");
    try (InputStream in = Files.newInputStream(file)) {
      Map<String, Object> root = new Yaml().load(in);
      Map<String, Object> edge = (Map<String, Object>) root.get("infer-edge");
      return (Map<String, Object>) edge.get("inference");
    }
  }

  private static String hostDescription() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    String cpu = "unknown CPU";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse(cpu);
    } catch (IOException ignored) {
      // not Linux: the CPU stays unnamed
    }
    return String.format(
        Locale.ROOT,
        "%s, %d cores, %s, Java %s, DJL TensorFlow engine, batch 1, load average at start %.2f,"
            + " profiled %s",
        System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(),
        cpu,
        System.getProperty("java.version"),
        load,
        Instant.now());
  }

  private static Iterable<JsonNode> iterable(JsonNode array) {
    List<JsonNode> nodes = new ArrayList<>();
    array.forEach(nodes::add);
    return nodes;
  }

  /** A port free on loopback right now. */
  public static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static List<String> concat(List<String> list, String... more) {
    var all = new ArrayList<>(list);
    all.addAll(List.of(more));
    return all;
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }
}
