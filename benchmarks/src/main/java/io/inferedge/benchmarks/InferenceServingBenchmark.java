package io.inferedge.benchmarks;

import io.inferedge.contracts.Topics;
import io.inferedge.inference.frame.FrameDecoder;
import io.inferedge.inference.frame.FrameEncoding;
import io.inferedge.inference.frame.GreyFrame;
import io.inferedge.inference.model.LoadedModel;
import io.inferedge.inference.model.ModelRegistry;
import io.inferedge.inference.model.PredictorLease;
import io.inferedge.launcher.LocalPlatform;
import io.inferedge.launcher.Profiler;
import io.inferedge.launcher.ServiceProcess;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Issue 3, deliverable 6: each model of the zoo at 64 px, batch 1, through the raw DJL predictor
 * (inference-service's own {@link ModelRegistry}: DJL {@code Criteria} on the TensorFlow engine,
 * {@code serving_default}, the service's translator and predictor pool, in this JVM) versus the
 * same model through inference-service's HTTP endpoint with the full plan on one tier ({@code POST
 * /api/v1/inferences?plan=<model>/c<blocks>/r64/s1}, 4096 raw grey bytes), in one run.
 *
 * <p>The service runs as a child JVM from its {@code -exec} jar with the launcher's options and the
 * same TensorFlow natives; a KRaft broker in this JVM takes its {@code InferenceCompleted} and
 * power records. First every model once through both paths ({@code --jit-warmup} seconds per model,
 * so the first model measured does not pay for compiling the shared code); then per model: a
 * warm-up of both paths, then rounds that alternate which path goes first, each round a latency
 * phase (1 closed-loop thread per path) and a throughput phase ({@code --threads} closed-loop
 * threads per path). The client threads of the HTTP path run in this JVM, on the same cores as the
 * service; the raw path has no client. Frames are seeded noise: the compute of these convolutional
 * networks does not depend on the content.
 *
 * <p>Run once from the command line (see docs/benchmarks.md); not thread-safe.
 */
public final class InferenceServingBenchmark {

  private static final Map<String, String> DEFAULTS =
      new LinkedHashMap<>(
          Map.of(
              "models", "nano,small,medium,large",
              "threads", "2",
              "warmup", "4",
              "jit-warmup", "8",
              "rounds", "4",
              "phase", "3",
              "service-jvm", "-Xmx1g -XX:+UseSerialGC",
              "home", "."));

  private static final int FRAMES = 32;

  private InferenceServingBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = LoadRun.options(args, DEFAULTS);
    List<String> models = List.of(o.get("models").split(","));
    int threads = Integer.parseInt(o.get("threads"));
    double warmup = Double.parseDouble(o.get("warmup"));
    int rounds = Integer.parseInt(o.get("rounds"));
    double phase = Double.parseDouble(o.get("phase"));
    Path home = Path.of(o.get("home")).toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("inference-serving-bench");

    System.out.println("# raw DJL predictor vs inference-service over HTTP, 64 px, batch 1");
    LoadRun.machine().forEach((k, v) -> System.out.println(k + ": " + v));
    System.out.println("options: " + o);

    EmbeddedKafkaKraftBroker broker =
        new EmbeddedKafkaKraftBroker(1, 3, Topics.INFERENCE_COMPLETED, Topics.POWER_SAMPLED);
    broker.afterPropertiesSet();
    List<String> jvm = new ArrayList<>(List.of(o.get("service-jvm").trim().split("\\s+")));
    jvm.add("-Djava.library.path=" + System.getProperty("java.library.path"));
    jvm.add("-Dai.djl.offline=true");
    jvm.add("-DDJL_CACHE_DIR=" + work.resolve("djl-service"));
    ServiceProcess service =
        ServiceProcess.start(
            "inference-service",
            LocalPlatform.runnableJar(home, "inference-service"),
            Profiler.freePort(),
            jvm,
            List.of(
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--logging.file.name=",
                "--infer-edge.inference.model-dir=" + home.resolve("models"),
                "--infer-edge.inference.predictors-per-model=" + threads),
            Map.of("TF_CPP_MIN_LOG_LEVEL", "1"),
            work.resolve("logs"));
    int status = 0;
    try (ModelRegistry registry =
        ModelRegistry.load(home.resolve("models"), threads, Duration.ofSeconds(2))) {
      service.awaitReady(Duration.ofMinutes(4));
      System.out.println("service ready (pid " + service.pid() + ")");
      // Both JVMs compile the shared paths (HTTP, JSON, DJL) once before any model is measured, so
      // the first model measured is not the one that pays for it.
      double jitWarmup = Double.parseDouble(o.get("jit-warmup"));
      for (String name : models) {
        measure(registry, name, service.baseUri(), service.pid(), threads, jitWarmup / 4, 0, phase);
      }
      List<Row> rows = new ArrayList<>();
      for (String name : models) {
        rows.add(
            measure(
                registry, name, service.baseUri(), service.pid(), threads, warmup, rounds, phase));
      }
      print(rows, threads);
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.err.println("service log tail:\n" + service.tail());
      status = 1;
    } finally {
      service.close();
      broker.destroy();
    }
    System.out.println("load average at end: " + LoadRun.loadAverage());
    System.exit(status);
  }

  /** One model's results; latencies in ms, throughputs in frames/s. */
  record Row(
      String model,
      String plan,
      LoadRun.Percentiles raw,
      LoadRun.Percentiles http,
      double serviceComputeP50,
      double serviceTotalP50,
      double rawThroughput,
      double httpThroughput,
      double minRoundRatio,
      double maxRoundRatio,
      double rawCpuMs,
      double httpServiceCpuMs,
      double httpClientCpuMs) {}

  /** CPU time of this JVM and of the service during one throughput phase. */
  private record Cpu(LoadRun.Phase phase, long selfNanos, long serviceNanos) {
    static Cpu measure(long servicePid, LoadRun.Phase.Runner runner) throws InterruptedException {
      long self = ProcessHandle.current().pid();
      long self0 = LoadRun.cpuNanos(self);
      long service0 = LoadRun.cpuNanos(servicePid);
      LoadRun.Phase phase = runner.run();
      return new Cpu(
          phase, LoadRun.cpuNanos(self) - self0, LoadRun.cpuNanos(servicePid) - service0);
    }
  }

  private static Row measure(
      ModelRegistry registry,
      String name,
      URI base,
      long servicePid,
      int threads,
      double warmup,
      int rounds,
      double phase)
      throws Exception {
    LoadedModel model =
        registry.models().stream()
            .filter(m -> m.manifest().name().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no model " + name));
    String plan = name + "/c" + model.manifest().blocks() + "/r64/s1";
    byte[][] bodies = new byte[FRAMES][FrameDecoder.RAW_FRAME_BYTES];
    GreyFrame[] frames = new GreyFrame[FRAMES];
    SplittableRandom random = new SplittableRandom(42);
    FrameDecoder decoder = new FrameDecoder();
    for (int i = 0; i < FRAMES; i++) {
      for (int p = 0; p < bodies[i].length; p++) {
        bodies[i][p] = (byte) random.nextInt(256);
      }
      frames[i] = decoder.decode(FrameEncoding.RAW_GREY, bodies[i]).resizedTo(64);
    }
    AtomicLong frameSeq = new AtomicLong();
    String prefix = base + "/api/v1/inferences?streamId=bench&plan=" + plan + "&frameSeq=";

    // Both paths must compute the same thing: same labels for the same frames.
    for (int i = 0; i < 8; i++) {
      int rawLabel = argMax(raw(model, frames[i]));
      String json = http(prefix, frameSeq, bodies[i]);
      int httpLabel = (int) field(json, "\"label\":");
      if (rawLabel != httpLabel) {
        throw new IllegalStateException(
            name + " frame " + i + ": raw label " + rawLabel + ", service label " + httpLabel);
      }
    }

    LoadRun.Call rawCall = (t, seq) -> raw(model, frames[(int) ((seq * 7 + t) % FRAMES)]);
    LoadRun.Call httpCall =
        (t, seq) -> http(prefix, frameSeq, bodies[(int) ((seq * 7 + t) % FRAMES)]);
    long[] serviceCompute = new long[1 << 20];
    long[] serviceTotal = new long[1 << 20];
    AtomicLong timed = new AtomicLong();
    LoadRun.Call httpTimed =
        (t, seq) -> {
          String json = http(prefix, frameSeq, bodies[(int) (seq % FRAMES)]);
          int i = (int) timed.getAndIncrement();
          if (i < serviceCompute.length) {
            serviceCompute[i] = field(json, "\"deviceComputeMicros\":");
            serviceTotal[i] = field(json, "\"totalMicros\":");
          }
        };

    System.out.printf(
        Locale.ROOT,
        "%s (%s): warm-up %.0f s per path, load %s%n",
        name,
        plan,
        2 * warmup,
        LoadRun.loadAverage());
    LoadRun.phase(1, warmup, rawCall);
    LoadRun.phase(1, warmup, httpCall);
    LoadRun.phase(threads, warmup, rawCall);
    LoadRun.phase(threads, warmup, httpCall);
    if (rounds == 0) {
      return null;
    }

    List<long[]> rawLatency = new ArrayList<>();
    List<long[]> httpLatency = new ArrayList<>();
    long rawCalls = 0;
    long rawNanos = 0;
    long httpCalls = 0;
    long httpNanos = 0;
    double minRatio = Double.MAX_VALUE;
    double maxRatio = 0;
    long rawCpu = 0;
    long httpServiceCpu = 0;
    long httpClientCpu = 0;
    for (int r = 0; r < rounds; r++) {
      boolean rawFirst = r % 2 == 0;
      LoadRun.Phase rl;
      LoadRun.Phase hl;
      Cpu rawCpuPhase;
      Cpu httpCpuPhase;
      LoadRun.Phase.Runner rawThroughput = () -> LoadRun.phase(threads, phase, rawCall);
      LoadRun.Phase.Runner httpThroughput = () -> LoadRun.phase(threads, phase, httpCall);
      if (rawFirst) {
        rl = LoadRun.phase(1, phase, rawCall);
        hl = LoadRun.phase(1, phase, httpTimed);
        httpCpuPhase = Cpu.measure(servicePid, httpThroughput);
        rawCpuPhase = Cpu.measure(servicePid, rawThroughput);
      } else {
        hl = LoadRun.phase(1, phase, httpTimed);
        rl = LoadRun.phase(1, phase, rawCall);
        rawCpuPhase = Cpu.measure(servicePid, rawThroughput);
        httpCpuPhase = Cpu.measure(servicePid, httpThroughput);
      }
      LoadRun.Phase rt = rawCpuPhase.phase();
      LoadRun.Phase ht = httpCpuPhase.phase();
      rawCpu += rawCpuPhase.selfNanos();
      httpServiceCpu += httpCpuPhase.serviceNanos();
      httpClientCpu += httpCpuPhase.selfNanos();
      rawLatency.add(rl.latencies());
      httpLatency.add(hl.latencies());
      rawCalls += rt.calls();
      rawNanos += rt.elapsedNanos();
      httpCalls += ht.calls();
      httpNanos += ht.elapsedNanos();
      double ratio = ht.perSecond() / rt.perSecond();
      minRatio = Math.min(minRatio, ratio);
      maxRatio = Math.max(maxRatio, ratio);
      System.out.printf(
          Locale.ROOT,
          "  round %d: p50 raw %.3f ms, http %.3f ms; %d threads: raw %.0f/s, http %.0f/s"
              + " (%.2f); load %s%n",
          r + 1,
          LoadRun.Percentiles.of(List.of(rl.latencies())).p50Ms(),
          LoadRun.Percentiles.of(List.of(hl.latencies())).p50Ms(),
          threads,
          rt.perSecond(),
          ht.perSecond(),
          ratio,
          LoadRun.loadAverage());
    }
    int n = (int) Math.min(timed.get(), serviceCompute.length);
    return new Row(
        name,
        plan,
        LoadRun.Percentiles.of(rawLatency),
        LoadRun.Percentiles.of(httpLatency),
        median(serviceCompute, n) / 1e3,
        median(serviceTotal, n) / 1e3,
        rawCalls * 1e9 / rawNanos,
        httpCalls * 1e9 / httpNanos,
        minRatio,
        maxRatio,
        rawCpu / 1e6 / rawCalls,
        httpServiceCpu / 1e6 / httpCalls,
        httpClientCpu / 1e6 / httpCalls);
  }

  private static float[] raw(LoadedModel model, GreyFrame frame) {
    try (PredictorLease lease = model.acquire()) {
      return lease.predict(frame);
    }
  }

  private static String http(String prefix, AtomicLong frameSeq, byte[] body) throws Exception {
    byte[] reply =
        LoadRun.post(
            URI.create(prefix + frameSeq.getAndIncrement()).toURL(),
            "application/octet-stream",
            body);
    return new String(reply, StandardCharsets.UTF_8);
  }

  /** The integer after {@code key} in a flat JSON text. */
  private static long field(String json, String key) {
    int at = json.indexOf(key);
    if (at < 0) {
      throw new IllegalStateException("no " + key + " in " + json);
    }
    int i = at + key.length();
    int end = i;
    while (end < json.length()
        && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '-')) {
      end++;
    }
    return Long.parseLong(json.substring(i, end));
  }

  private static int argMax(float[] scores) {
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return best;
  }

  private static double median(long[] values, int n) {
    if (n == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, n);
    Arrays.sort(sorted);
    return sorted[(n - 1) / 2];
  }

  private static void print(List<Row> rows, int threads) {
    System.out.println();
    System.out.println(
        "| model | plan | raw p50 / p95 / p99 (ms) | HTTP p50 / p95 / p99 (ms) | added p50 (ms)"
            + " | service compute / handler p50 (ms) | raw "
            + threads
            + " threads (frames/s) | HTTP "
            + threads
            + " threads (frames/s) | HTTP / raw (rounds) | CPU ms per frame: raw / HTTP service +"
            + " client | targets |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (Row r : rows) {
      double added = r.http().p50Ms() - r.raw().p50Ms();
      double ratio = r.httpThroughput() / r.rawThroughput();
      System.out.printf(
          Locale.ROOT,
          "| %s | `%s` | %.3f / %.3f / %.3f | %.3f / %.3f / %.3f | %.3f | %.3f / %.3f | %.0f | %.0f"
              + " | %.2f (%.2f-%.2f) | %.2f / %.2f + %.2f | %s |%n",
          r.model(),
          r.plan(),
          r.raw().p50Ms(),
          r.raw().p95Ms(),
          r.raw().p99Ms(),
          r.http().p50Ms(),
          r.http().p95Ms(),
          r.http().p99Ms(),
          added,
          r.serviceComputeP50(),
          r.serviceTotalP50(),
          r.rawThroughput(),
          r.httpThroughput(),
          ratio,
          r.minRoundRatio(),
          r.maxRoundRatio(),
          r.rawCpuMs(),
          r.httpServiceCpuMs(),
          r.httpClientCpuMs(),
          (ratio >= 0.90 ? "throughput met" : "throughput missed")
              + ", "
              + (added <= 1.0 ? "p50 met" : "p50 missed"));
    }
    System.out.println();
    System.out.println(
        "latency: 1 closed-loop thread per path; throughput: "
            + threads
            + " closed-loop threads per path; raw = ModelRegistry predictor in the benchmark JVM,"
            + " HTTP = keep-alive POSTs to the service JVM on loopback. CPU per frame: user + system"
            + " time of each process over the throughput phases (/proc, 10 ms ticks) divided by"
            + " frames; the client's includes the KRaft broker in the same JVM taking the service's"
            + " records. All figures measured.");
  }
}
