package io.inferedge.benchmarks;

import io.inferedge.contracts.PolicyPublished;
import io.inferedge.contracts.Topics;
import io.inferedge.launcher.LocalPlatform;
import io.inferedge.launcher.Profiler;
import io.inferedge.launcher.ServiceProcess;
import io.inferedge.policy.a2c.PolicyArtifact;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Issue 6, deliverable 8: what the gateway adds (API key, rate limit, live state, in-process
 * decision, routing, decision log, its HTTP hop) over calling the device tier directly with the
 * same plan, at a paced open-loop rate ({@code --rate}, 200 frames/s by default), in one run.
 *
 * <p>A KRaft broker runs in this JVM; the gateway, a device-role inference-service (link profile
 * {@code none}: no emulated transfer sleep, so what differs is the gateway's own time) and a
 * server-role inference-service (for the tails of split plans) run as child JVMs from their {@code
 * -exec} jars with the launcher's options. The benchmark generates an API key and gives the gateway
 * its SHA-256 ({@code API_KEY_HASH}, as the local mode does), and publishes policy-service's
 * shipped actor ({@code policies/a2c.json}) on {@code policy.published.v1}, so the gateway decides
 * in-process; its policy-url is an unused port, and the run fails if any frame was decided other
 * than in-process.
 *
 * <p>Frames are 4096 raw grey bytes of seeded noise ({@code application/octet-stream}), or with
 * {@code --png true} the same frames as 64x64 8-bit grey PNGs ({@code image/png}, decoded by the
 * gateway for its frame difference and by the device tier), sent round-robin over {@code --streams}
 * streams. A dispatcher thread starts frame {@code i} at {@code t0 + i / rate} on a pool of client
 * threads (open loop: a slow answer does not delay the next frame); each frame's latency runs from
 * its scheduled start to its answer, so a late start counts. A gateway phase sends every slot
 * through {@code POST /api/v1/streams/{id}/frames} and records the plan the gateway chose ({@code
 * configId}) and whether the frame was reused (skipped by the plan's frame skip: answered without
 * the device tier). A direct phase replays the latest gateway phase slot by slot on the same
 * schedule: each frame the gateway sent goes straight to the device tier ({@code POST
 * /api/v1/inferences}) with the gateway's plan for it, and reused slots stay empty; so the device
 * and server tiers see the same frames, plans and rate in both phases. Latencies of sent frames are
 * compared; reused frames are reported apart. Rounds alternate which phase goes first.
 *
 * <p>Run once from the command line (see docs/benchmarks.md); not thread-safe.
 */
public final class GatewayOverheadBenchmark {

  private static final Map<String, String> DEFAULTS =
      new LinkedHashMap<>(
          Map.of(
              "rate", "200",
              "streams", "4",
              "warmup", "20",
              "rounds", "3",
              "phase", "10",
              "clients", "32",
              "service-jvm", "-Xmx1g -XX:+UseSerialGC",
              "gateway-jvm", "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
              "home", ".",
              "png", "false"));

  private static final int FRAMES = 32;

  private GatewayOverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = LoadRun.options(args, DEFAULTS);
    double rate = Double.parseDouble(o.get("rate"));
    int streams = Integer.parseInt(o.get("streams"));
    double warmup = Double.parseDouble(o.get("warmup"));
    int rounds = Integer.parseInt(o.get("rounds"));
    double phase = Double.parseDouble(o.get("phase"));
    int clients = Integer.parseInt(o.get("clients"));
    boolean png = Boolean.parseBoolean(o.get("png"));
    Path home = Path.of(o.get("home")).toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("gateway-overhead-bench");

    System.out.println("# gateway vs device tier directly, same frames and plans, paced open loop");
    LoadRun.machine().forEach((k, v) -> System.out.println(k + ": " + v));
    System.out.println("options: " + o);

    PolicyArtifact artifact;
    try (InputStream in =
        GatewayOverheadBenchmark.class.getResourceAsStream("/policies/a2c.json")) {
      if (in == null) {
        throw new IllegalStateException("policies/a2c.json is not on the classpath");
      }
      artifact = PolicyArtifact.read(in);
    }
    String apiKey = randomKey();
    String tierSecret = randomKey();

    EmbeddedKafkaKraftBroker broker =
        new EmbeddedKafkaKraftBroker(
            1,
            3,
            Topics.POLICY_PUBLISHED,
            Topics.INFERENCE_COMPLETED,
            Topics.POWER_SAMPLED,
            Topics.STREAMS,
            Topics.API_KEYS);
    broker.afterPropertiesSet();
    String kafka = "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString();
    List<String> inferenceJvm = new ArrayList<>(List.of(o.get("service-jvm").trim().split("\\s+")));
    inferenceJvm.addAll(
        LocalPlatform.inferenceJvmOptions(home, work).stream()
            .filter(s -> s.startsWith("-D"))
            .toList());
    Map<String, String> tierEnv = Map.of("TF_CPP_MIN_LOG_LEVEL", "1", "TIER_SECRET", tierSecret);
    List<String> inference =
        List.of(
            kafka,
            "--logging.file.name=",
            "--infer-edge.inference.model-dir=" + home.resolve("models"));
    List<ServiceProcess> started = new ArrayList<>();
    int status = 0;
    try {
      ServiceProcess server =
          ServiceProcess.start(
              "inference-server",
              LocalPlatform.runnableJar(home, "inference-service"),
              Profiler.freePort(),
              inferenceJvm,
              concat(inference, "--infer-edge.inference.role=server"),
              tierEnv,
              work.resolve("logs"));
      started.add(server);
      ServiceProcess device =
          ServiceProcess.start(
              "inference-service",
              LocalPlatform.runnableJar(home, "inference-service"),
              Profiler.freePort(),
              inferenceJvm,
              concat(
                  inference,
                  "--infer-edge.inference.role=device",
                  "--infer-edge.inference.server-url=" + server.baseUri(),
                  "--infer-edge.inference.link-profile=none"),
              tierEnv,
              work.resolve("logs"));
      started.add(device);
      ServiceProcess gateway =
          ServiceProcess.start(
              "gateway",
              LocalPlatform.runnableJar(home, "gateway"),
              Profiler.freePort(),
              List.of(o.get("gateway-jvm").trim().split("\\s+")),
              List.of(
                  kafka,
                  "--logging.file.name=",
                  "--infer-edge.gateway.inference-url=" + device.baseUri(),
                  "--infer-edge.gateway.policy-url=http://127.0.0.1:" + Profiler.freePort(),
                  "--infer-edge.gateway.telemetry-url=http://127.0.0.1:" + Profiler.freePort(),
                  "--infer-edge.gateway.device-profile=host",
                  "--infer-edge.gateway.link-profile=wifi-20",
                  // The key's rate limiter still runs on every frame, but above the offered rate
                  // with room for the bursts a stalled JVM on a loaded machine releases at once.
                  "--infer-edge.gateway.security.rate-limit.permits-per-second=" + 10 * rate,
                  "--infer-edge.gateway.security.rate-limit.burst=" + (int) (20 * rate)),
              Map.of("API_KEY_HASH", sha256(apiKey)),
              work.resolve("logs"));
      started.add(gateway);
      for (ServiceProcess s : started) {
        s.awaitReady(Duration.ofMinutes(4));
        System.out.println(s.name() + " ready (pid " + s.pid() + ")");
      }
      publish(broker.getBrokersAsString(), artifact);
      run(gateway, device, apiKey, rate, streams, warmup, rounds, phase, clients, png);
    } catch (Exception | Error e) {
      e.printStackTrace();
      for (ServiceProcess s : started) {
        System.err.println(s.name() + " log tail:\n" + s.tail());
      }
      status = 1;
    } finally {
      for (int i = started.size() - 1; i >= 0; i--) {
        started.get(i).close();
      }
      broker.destroy();
    }
    System.out.println("load average at end: " + LoadRun.loadAverage());
    System.exit(status);
  }

  /**
   * What the gateway did with each slot of one gateway phase, and what it reported for the frame
   * (its {@code latency}): the decision's time and its total minus the device tier's total, in ns.
   */
  private record Plans(String[] configIds, boolean[] reused, long[] decision, long[] inGateway) {

    static Plans of(int slots) {
      return new Plans(new String[slots], new boolean[slots], new long[slots], new long[slots]);
    }

    long[] sent(long[] values) {
      return java.util.stream.IntStream.range(0, values.length)
          .filter(i -> configIds[i] != null && !reused[i])
          .mapToLong(i -> values[i])
          .toArray();
    }
  }

  /** One paced phase: per-slot latencies in ns (-1 for an empty slot) and its wall time. */
  private record Paced(long[] latencies, long sent, long elapsedNanos) {

    double perSecond() {
      return sent * 1e9 / elapsedNanos;
    }

    long[] of(boolean[] mask, boolean want) {
      return java.util.stream.IntStream.range(0, latencies.length)
          .filter(i -> latencies[i] >= 0 && mask[i] == want)
          .mapToLong(i -> latencies[i])
          .toArray();
    }
  }

  /** One slot's call; throws {@link SkipSlot} to leave the slot empty. */
  @FunctionalInterface
  private interface Slot {
    void call(int slot) throws Exception;
  }

  private static void run(
      ServiceProcess gateway,
      ServiceProcess device,
      String apiKey,
      double rate,
      int streams,
      double warmup,
      int rounds,
      double phase,
      int clients,
      boolean png)
      throws Exception {
    byte[][] bodies = new byte[FRAMES][4096];
    SplittableRandom random = new SplittableRandom(42);
    for (byte[] body : bodies) {
      for (int p = 0; p < body.length; p++) {
        body[p] = (byte) random.nextInt(256);
      }
    }
    if (png) {
      for (int f = 0; f < FRAMES; f++) {
        bodies[f] = png(bodies[f]);
      }
    }
    String contentType = png ? "image/png" : "application/octet-stream";
    String keyHeader = "X-API-Key: " + apiKey + "\r\n";
    URI gw = gateway.baseUri();
    URI dev = device.baseUri();
    AtomicLong[] gatewaySeq = new AtomicLong[streams];
    AtomicLong[] directSeq = new AtomicLong[streams];
    for (int s = 0; s < streams; s++) {
      gatewaySeq[s] = new AtomicLong();
      directSeq[s] = new AtomicLong();
    }

    // Wait until the gateway decides in-process with the published actor.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      String reply =
          gatewayFrame(
              gw, keyHeader, "bench-0", gatewaySeq[0].getAndIncrement(), contentType, bodies[0]);
      if (reply.contains("\"policySource\":\"in-process\"")) {
        System.out.println("gateway decides in-process: " + reply);
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the gateway never decided in-process: " + reply);
      }
      Thread.sleep(500);
    }

    ExecutorService gatewayPool = Executors.newFixedThreadPool(clients);
    ExecutorService directPool = Executors.newFixedThreadPool(clients);
    try {
      int warmSlots = (int) Math.round(rate * warmup);
      int slots = (int) Math.round(rate * phase);
      AtomicLong notInProcess = new AtomicLong();
      AtomicReference<Plans> latest = new AtomicReference<>();

      java.util.function.IntFunction<Slot> gatewaySlot =
          n -> {
            Plans plans = Plans.of(n);
            latest.set(plans);
            return i -> {
              int s = i % streams;
              String reply =
                  gatewayFrame(
                      gw,
                      keyHeader,
                      "bench-" + s,
                      gatewaySeq[s].getAndIncrement(),
                      contentType,
                      bodies[i % FRAMES]);
              plans.configIds()[i] = text(reply, "\"configId\":\"");
              plans.reused()[i] = reply.contains("\"reused\":true");
              long decision = number(reply, "\"decisionMicros\":");
              long total = number(reply, "\"gatewayTotalMicros\":");
              long inference = number(reply, "\"inferenceMicros\":");
              plans.decision()[i] = decision * 1000;
              plans.inGateway()[i] = (total - inference) * 1000;
              if (!reply.contains("\"policySource\":\"in-process\"")) {
                notInProcess.incrementAndGet();
              }
            };
          };
      java.util.function.Function<Plans, Slot> directSlot =
          plans ->
              i -> {
                if (plans.reused()[i]) {
                  throw new SkipSlot();
                }
                int s = i % streams;
                LoadRun.post(
                    URI.create(
                            dev
                                + "/api/v1/inferences?streamId=direct-"
                                + s
                                + "&frameSeq="
                                + directSeq[s].getAndIncrement()
                                + "&plan="
                                + plans.configIds()[i])
                        .toURL(),
                    contentType,
                    bodies[i % FRAMES]);
              };

      System.out.printf(Locale.ROOT, "warm-up %.0f s per path at %.0f frames/s%n", warmup, rate);
      paced(gatewayPool, rate, warmSlots, gatewaySlot.apply(warmSlots));
      paced(directPool, rate, warmSlots, directSlot.apply(latest.get()));

      List<long[]> gatewaySent = new ArrayList<>();
      List<long[]> gatewayReused = new ArrayList<>();
      List<long[]> direct = new ArrayList<>();
      List<long[]> decisions = new ArrayList<>();
      List<long[]> inGateway = new ArrayList<>();
      long gatewayFrames = 0;
      long gatewayNanos = 0;
      long directFrames = 0;
      long directNanos = 0;
      Map<String, Long> planMix = new TreeMap<>();
      notInProcess.set(0);
      for (int r = 0; r < rounds; r++) {
        Paced g;
        Paced d;
        Plans plans;
        if (r % 2 == 0) {
          g = paced(gatewayPool, rate, slots, gatewaySlot.apply(slots));
          plans = latest.get();
          d = paced(directPool, rate, slots, directSlot.apply(plans));
        } else {
          // Direct first, replaying the previous gateway phase; then the gateway.
          Plans previous = latest.get();
          d = paced(directPool, rate, previous.reused().length, directSlot.apply(previous));
          g = paced(gatewayPool, rate, slots, gatewaySlot.apply(slots));
          plans = latest.get();
        }
        long[] gs = g.of(plans.reused(), false);
        gatewaySent.add(gs);
        gatewayReused.add(g.of(plans.reused(), true));
        decisions.add(plans.sent(plans.decision()));
        inGateway.add(plans.sent(plans.inGateway()));
        long[] ds = Arrays.stream(d.latencies()).filter(x -> x >= 0).toArray();
        direct.add(ds);
        gatewayFrames += g.sent();
        gatewayNanos += g.elapsedNanos();
        directFrames += d.sent();
        directNanos += d.elapsedNanos();
        for (int i = 0; i < slots; i++) {
          if (!plans.reused()[i]) {
            planMix.merge(plans.configIds()[i], 1L, Long::sum);
          }
        }
        LoadRun.Percentiles gp = LoadRun.Percentiles.of(List.of(gs));
        LoadRun.Percentiles dp = LoadRun.Percentiles.of(List.of(ds));
        System.out.printf(
            Locale.ROOT,
            "  round %d (%s first): gateway %.0f/s, %d sent, p50 %.3f p99 %.3f ms; direct %.0f/s,"
                + " %d sent, p50 %.3f p99 %.3f ms; load %s%n",
            r + 1,
            r % 2 == 0 ? "gateway" : "direct",
            g.perSecond(),
            gs.length,
            gp.p50Ms(),
            gp.p99Ms(),
            d.perSecond(),
            ds.length,
            dp.p50Ms(),
            dp.p99Ms(),
            LoadRun.loadAverage());
      }
      if (notInProcess.get() > 0) {
        throw new IllegalStateException(
            notInProcess.get() + " measured frames were not decided in-process");
      }
      print(
          rate,
          streams,
          rounds,
          phase,
          LoadRun.Percentiles.of(gatewaySent),
          LoadRun.Percentiles.of(direct),
          LoadRun.Percentiles.of(gatewayReused),
          LoadRun.Percentiles.of(decisions),
          LoadRun.Percentiles.of(inGateway),
          gatewayFrames * 1e9 / gatewayNanos,
          directFrames * 1e9 / directNanos,
          planMix);
    } finally {
      gatewayPool.shutdownNow();
      directPool.shutdownNow();
    }
  }

  /** Thrown by a slot that stays empty (a frame the gateway answered without the device tier). */
  private static final class SkipSlot extends RuntimeException {
    SkipSlot() {
      super(null, null, false, false);
    }
  }

  /**
   * Starts slot {@code i} at {@code t0 + i / rate} on {@code pool} and waits for all; each slot's
   * latency runs from its scheduled start to its end.
   */
  private static Paced paced(ExecutorService pool, double rate, int slots, Slot slot)
      throws InterruptedException {
    long period = (long) (1e9 / rate);
    long[] latencies = new long[slots];
    Arrays.fill(latencies, -1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong sent = new AtomicLong();
    Phaser done = new Phaser(1);
    long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
    for (int i = 0; i < slots && failure.get() == null; i++) {
      long at = t0 + i * period;
      for (long wait = at - System.nanoTime(); wait > 0; wait = at - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      int slotIndex = i;
      done.register();
      pool.execute(
          () -> {
            try {
              slot.call(slotIndex);
              latencies[slotIndex] = System.nanoTime() - at;
              sent.incrementAndGet();
            } catch (SkipSlot skipped) {
              // empty slot
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
            } finally {
              done.arriveAndDeregister();
            }
          });
    }
    done.arriveAndAwaitAdvance();
    long elapsed = System.nanoTime() - t0;
    if (failure.get() != null) {
      throw new IllegalStateException("a frame failed: " + failure.get(), failure.get());
    }
    return new Paced(latencies, sent.get(), elapsed);
  }

  private static String gatewayFrame(
      URI gateway, String keyHeader, String streamId, long seq, String contentType, byte[] body)
      throws Exception {
    URL url =
        URI.create(gateway + "/api/v1/streams/" + streamId + "/frames?frameSeq=" + seq).toURL();
    return new String(LoopbackHttp.post(url, contentType, keyHeader, body), StandardCharsets.UTF_8);
  }

  /** A 64x64 grey frame as a PNG (8-bit grey, as a camera client would send it). */
  private static byte[] png(byte[] grey) throws IOException {
    var image = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setDataElements(0, 0, 64, 64, grey);
    var out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  /** Publishes the shipped actor as policy version 1, as policy-service's publisher does. */
  private static void publish(String bootstrap, PolicyArtifact artifact) throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, JacksonJsonSerializer.class);
    try (KafkaProducer<String, PolicyPublished> producer = new KafkaProducer<>(config)) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.POLICY_PUBLISHED,
                  "1",
                  new PolicyPublished(
                      UUID.randomUUID(),
                      Instant.now(),
                      PolicyPublished.SCHEMA_VERSION,
                      1,
                      artifact.algorithm(),
                      artifact.stateFeatures(),
                      artifact.actionHeads(),
                      artifact.actor())))
          .get(30, TimeUnit.SECONDS);
    }
    System.out.println("published the shipped actor as policy version 1");
  }

  /** The string value after {@code key} (which ends with the opening quote) in a JSON text. */
  private static String text(String json, String key) {
    int at = json.indexOf(key);
    if (at < 0) {
      throw new IllegalStateException("no " + key + " in " + json);
    }
    int from = at + key.length();
    return json.substring(from, json.indexOf('"', from));
  }

  /** The integer after {@code key} in a flat JSON text. */
  private static long number(String json, String key) {
    int at = json.indexOf(key);
    if (at < 0) {
      throw new IllegalStateException("no " + key + " in " + json);
    }
    int from = at + key.length();
    int end = from;
    while (end < json.length()
        && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '-')) {
      end++;
    }
    return Long.parseLong(json.substring(from, end));
  }

  private static List<String> concat(List<String> list, String... more) {
    List<String> all = new ArrayList<>(list);
    all.addAll(List.of(more));
    return all;
  }

  private static String randomKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return "ie_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String sha256(String key) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  private static void print(
      double rate,
      int streams,
      int rounds,
      double phase,
      LoadRun.Percentiles gateway,
      LoadRun.Percentiles direct,
      LoadRun.Percentiles reused,
      LoadRun.Percentiles decisions,
      LoadRun.Percentiles inGateway,
      double gatewayRate,
      double directRate,
      Map<String, Long> planMix) {
    double p50 = gateway.p50Ms() - direct.p50Ms();
    double p95 = gateway.p95Ms() - direct.p95Ms();
    double p99 = gateway.p99Ms() - direct.p99Ms();
    System.out.println();
    System.out.println("| path | frames | rate (frames/s) | p50 (ms) | p95 (ms) | p99 (ms) |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    System.out.printf(
        Locale.ROOT,
        "| gateway, frames it sent to the device tier | %,d | %.1f (all slots) | %.3f | %.3f |"
            + " %.3f |%n",
        gateway.count(),
        gatewayRate,
        gateway.p50Ms(),
        gateway.p95Ms(),
        gateway.p99Ms());
    System.out.printf(
        Locale.ROOT,
        "| device tier directly, same frames and plans | %,d | %.1f | %.3f | %.3f | %.3f |%n",
        direct.count(),
        directRate,
        direct.p50Ms(),
        direct.p95Ms(),
        direct.p99Ms());
    System.out.printf(
        Locale.ROOT,
        "| **added by the gateway** (gateway minus direct, same percentile) | | | **%.3f** |"
            + " %.3f | **%.3f** |%n",
        p50,
        p95,
        p99);
    System.out.printf(
        Locale.ROOT,
        "| gateway, reused frames (plan's frame skip; no device tier) | %,d | | %.3f | %.3f |"
            + " %.3f |%n",
        reused.count(),
        reused.p50Ms(),
        reused.p95Ms(),
        reused.p99Ms());
    System.out.printf(
        Locale.ROOT,
        "| as the gateway reports them (sent frames): decision (`decisionMicros`) | | | %.3f | %.3f"
            + " | %.3f |%n",
        decisions.p50Ms(),
        decisions.p95Ms(),
        decisions.p99Ms());
    System.out.printf(
        Locale.ROOT,
        "| as the gateway reports them: `gatewayTotalMicros` minus the device tier's"
            + " `inferenceMicros` | | | %.3f | %.3f | %.3f |%n",
        inGateway.p50Ms(),
        inGateway.p95Ms(),
        inGateway.p99Ms());
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "targets: added <= 1 ms at p50: %s; added <= 5 ms at p99: %s%n",
        p50 <= 1.0 ? "met" : "missed",
        p99 <= 5.0 ? "met" : "missed");
    System.out.println("plans the gateway sent (in-process decisions): " + planMix);
    System.out.printf(
        Locale.ROOT,
        "%.0f frames/s offered over %d streams, %d rounds of %.0f s per path, paced open loop;"
            + " latency from each frame's scheduled start to its answer. All figures measured.%n",
        rate,
        streams,
        rounds,
        phase);
  }
}
