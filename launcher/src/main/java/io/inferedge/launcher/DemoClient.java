package io.inferedge.launcher;

import io.inferedge.modelzoo.FashionMnist;
import io.inferedge.modelzoo.Frame;
import io.inferedge.modelzoo.FrameSource;
import io.inferedge.modelzoo.Regime;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's cameras: each streams seeded frames composed from the shipped Fashion-MNIST test
 * subset (its own seed, so its own calm/busy content changes) with their ground truth, paced at a
 * frame rate, and what came back is summarised. Two ways: through the gateway as PNG with the API
 * key (the gateway decides a plan per frame for the stream's registered requirements), or straight
 * to the device tier as raw pixels with one fixed plan (the static-configuration baseline). While
 * cameras stream, a probe sends one frame-tensor-only plan ({@value #PROBE_PLAN}) to the device
 * tier every second and records the link its reply shows ({@code bytesSent x 8 / transferMicros}).
 * Every figure is measured: latency is the client's wall time per request, accuracy is against the
 * frames' ground truth; the link the probe measures is the device tier's emulated link.
 *
 * <p>Thread-safe: the HTTP client and mapper are; each camera runs on its own thread with its own
 * frame source.
 */
final class DemoClient {

  /** The seed of {@link #stream(String, int)}'s single camera. */
  private static final long SEED = 20261126L;

  /** Sends only the resized 64 px frame tensor (16 KiB fp32) over the link; no device compute. */
  static final String PROBE_PLAN = "nano/c0/r64/s1";

  private static final Duration PROBE_PERIOD = Duration.ofSeconds(1);

  /**
   * One demo camera.
   *
   * @param streamId its stream id
   * @param profile its requirement profile at the gateway ({@code latency-first}, ...)
   * @param seed its frame source's seed
   */
  record Camera(String streamId, String profile, long seed) {}

  /** The demo's four cameras with different requirements and content. */
  static final List<Camera> CAMERAS =
      List.of(
          new Camera("cam-latency", "latency-first", 101L),
          new Camera("cam-accuracy", "accuracy-first", 202L),
          new Camera("cam-energy", "energy-first", 303L),
          new Camera("cam-balanced", "balanced", 404L));

  private final URI gateway;
  private final URI deviceTier;
  private final String apiKey;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final JsonMapper json = JsonMapper.builder().build();

  /**
   * @param gateway the gateway's base URL
   * @param deviceTier the device-tier inference service's base URL (static run and link probe)
   * @param apiKey the key sent in {@code X-API-Key} with every gateway request
   */
  DemoClient(URI gateway, URI deviceTier, String apiKey) {
    this.gateway = gateway;
    this.deviceTier = deviceTier;
    this.apiKey = apiKey;
  }

  /** Registers (or re-registers, when it exists from an earlier run) a camera's requirements. */
  void register(Camera camera) throws IOException, InterruptedException {
    String body =
        json.writeValueAsString(Map.of("streamId", camera.streamId(), "profile", camera.profile()));
    HttpResponse<String> created =
        http.send(
            gatewayRequest(gateway.resolve("/api/v1/streams"), "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() == 409) {
      created =
          http.send(
              gatewayRequest(
                      gateway.resolve("/api/v1/streams/" + camera.streamId()), "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    }
    if (created.statusCode() / 100 != 2) {
      throw new IOException(
          "registering " + camera.streamId() + ": " + created.statusCode() + " " + created.body());
    }
  }

  /** One unregistered camera through the gateway, unpaced (as fast as answers come). */
  Summary stream(String streamId, int frames) throws IOException, InterruptedException {
    return camera(new Camera(streamId, "default", SEED), frames, 0, null, System.nanoTime());
  }

  /**
   * Streams every camera concurrently, paced at {@code fps} each, through the gateway ({@code
   * staticPlan} null) or straight to the device tier with {@code staticPlan}, while the link probe
   * runs.
   */
  Run run(String title, List<Camera> cameras, int frames, double fps, String staticPlan)
      throws InterruptedException, IOException {
    ExecutorService pool = Executors.newFixedThreadPool(cameras.size() + 1);
    long t0 = System.nanoTime();
    AtomicBoolean streaming = new AtomicBoolean(true);
    List<LinkSample> link = Collections.synchronizedList(new ArrayList<>());
    try {
      Future<?> probe = pool.submit(() -> probe(t0, streaming, link));
      List<Future<Summary>> running = new ArrayList<>();
      for (Camera camera : cameras) {
        running.add(pool.submit(() -> camera(camera, frames, fps, staticPlan, t0)));
      }
      List<Summary> summaries = new ArrayList<>();
      for (Future<Summary> f : running) {
        summaries.add(get(f));
      }
      streaming.set(false);
      get(probe);
      long duration = (System.nanoTime() - t0) / 1_000_000;
      return new Run(title, staticPlan, summaries, List.copyOf(link), duration);
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static <T> T get(Future<T> f) throws InterruptedException, IOException {
    try {
      return f.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private Summary camera(Camera camera, int frames, double fps, String staticPlan, long t0)
      throws IOException, InterruptedException {
    FrameSource source = new FrameSource(FashionMnist.testSubset(), camera.seed());
    List<Sample> samples = new ArrayList<>(frames);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      Frame frame = source.next();
      if (fps > 0) {
        long due = t0 + Math.round(i * 1e9 / fps);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      HttpRequest request =
          staticPlan == null ? viaGateway(camera, frame) : direct(camera, frame, staticPlan);
      long start = System.nanoTime();
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        failures.add(e.toString());
        continue;
      }
      long micros = (System.nanoTime() - start) / 1_000;
      if (response.statusCode() != 200) {
        failures.add(response.statusCode() + " " + response.body());
        continue;
      }
      JsonNode body = json.readTree(response.body());
      String configId =
          staticPlan == null
              ? body.path("configId").asString("?")
              : body.path("plan").path("configId").asString("?");
      samples.add(
          new Sample(
              (start - t0) / 1_000_000,
              configId,
              body.path("reused").asBoolean(false),
              micros,
              body.path("label").asInt(-1) == frame.label(),
              frame.regime() == Regime.BUSY));
    }
    return new Summary(camera.streamId(), camera.profile(), frames, samples, failures);
  }

  private HttpRequest viaGateway(Camera camera, Frame frame) {
    URI uri =
        gateway.resolve(
            "/api/v1/streams/"
                + camera.streamId()
                + "/frames?frameSeq="
                + frame.seq()
                + "&groundTruth="
                + frame.label());
    return gatewayRequest(uri, "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(frame.toPng()))
        .build();
  }

  private HttpRequest direct(Camera camera, Frame frame, String plan) {
    URI uri =
        deviceTier.resolve(
            "/api/v1/inferences?streamId="
                + camera.streamId()
                + "-static&frameSeq="
                + frame.seq()
                + "&plan="
                + plan
                + "&groundTruth="
                + frame.label());
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(frame.pixels()))
        .build();
  }

  private HttpRequest.Builder gatewayRequest(URI uri, String contentType) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", contentType)
        .header("X-API-Key", apiKey);
  }

  /** Every second while cameras stream: one probe frame to the device tier, its link recorded. */
  private Void probe(long t0, AtomicBoolean streaming, List<LinkSample> link)
      throws InterruptedException {
    Frame frame = new FrameSource(FashionMnist.testSubset(), 1L).next();
    long seq = 0;
    while (streaming.get()) {
      long start = System.nanoTime();
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(
                        deviceTier.resolve(
                            "/api/v1/inferences?streamId=demo-link-probe&frameSeq="
                                + seq++
                                + "&plan="
                                + PROBE_PLAN))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(frame.pixels()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          JsonNode body = json.readTree(response.body());
          long bytes = body.path("bytesSent").asLong();
          long transfer = body.path("latency").path("transferMicros").asLong();
          if (bytes > 0 && transfer > 0) {
            link.add(new LinkSample((start - t0) / 1_000_000, bytes * 8.0 / transfer, transfer));
          }
        }
      } catch (IOException e) {
        // a missed probe leaves a gap in the link column; the cameras' figures are unaffected
      }
      long wait = PROBE_PERIOD.toNanos() - (System.nanoTime() - start);
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
    }
    return null;
  }

  /**
   * One answered frame, all measured.
   *
   * @param atMillis when it was sent, since the run started
   * @param configId the plan that answered it
   * @param reused whether the gateway answered it with the stream's last result (frame skip)
   * @param latencyMicros client wall time of the request
   * @param correct whether the label matched the ground truth
   * @param busy whether the frame came from the source's busy regime (frequent scene cuts)
   */
  record Sample(
      long atMillis,
      String configId,
      boolean reused,
      long latencyMicros,
      boolean correct,
      boolean busy) {}

  /**
   * One probe of the device tier's link (emulated link, measured reply).
   *
   * @param atMillis when it was sent, since the run started
   * @param effectiveMbps {@code bytesSent x 8 / transferMicros}: RTT included, so below the link's
   *     bandwidth
   * @param transferMicros the reply's transfer time
   */
  record LinkSample(long atMillis, double effectiveMbps, long transferMicros) {}

  /**
   * One window of a stream's run.
   *
   * @param fromSeconds the window's start since the run started
   * @param frames frames sent in it
   * @param busyFrames of which from the busy content regime
   * @param plans answers per plan in it
   * @param linkMbps mean effective Mbit/s the link probes in it showed, NaN when none
   * @param transferMillis mean transfer time of those probes, NaN when none
   */
  record Window(
      long fromSeconds,
      int frames,
      int busyFrames,
      Map<String, Integer> plans,
      double linkMbps,
      double transferMillis) {}

  /**
   * Splits a stream's samples and the run's link probes into windows of {@code windowSeconds},
   * covering {@code [0, durationMillis)}.
   */
  static List<Window> windows(
      List<Sample> samples, List<LinkSample> link, long windowSeconds, long durationMillis) {
    long width = windowSeconds * 1_000;
    int count = (int) Math.max(1, (durationMillis + width - 1) / width);
    List<Window> windows = new ArrayList<>(count);
    for (int w = 0; w < count; w++) {
      long from = w * width;
      long to = from + width;
      int frames = 0;
      int busy = 0;
      Map<String, Integer> plans = new TreeMap<>();
      for (Sample s : samples) {
        if (s.atMillis() >= from && (s.atMillis() < to || w == count - 1)) {
          frames++;
          busy += s.busy() ? 1 : 0;
          plans.merge(s.configId(), 1, Integer::sum);
        }
      }
      double mbps = 0;
      double transfer = 0;
      int probes = 0;
      for (LinkSample l : link) {
        if (l.atMillis() >= from && (l.atMillis() < to || w == count - 1)) {
          mbps += l.effectiveMbps();
          transfer += l.transferMicros() / 1_000.0;
          probes++;
        }
      }
      windows.add(
          new Window(
              from / 1_000,
              frames,
              busy,
              plans,
              probes == 0 ? Double.NaN : mbps / probes,
              probes == 0 ? Double.NaN : transfer / probes));
    }
    return windows;
  }

  /** What one camera saw; every figure is measured (wall time on this machine, ground truth). */
  record Summary(
      String streamId, String profile, int sent, List<Sample> samples, List<String> failures) {

    int answered() {
      return samples.size();
    }

    long[] latencyMicros() {
      return samples.stream().mapToLong(Sample::latencyMicros).toArray();
    }

    double meanMillis() {
      return Arrays.stream(latencyMicros()).average().orElse(Double.NaN) / 1_000;
    }

    double p95Millis() {
      long[] sorted = latencyMicros();
      if (sorted.length == 0) {
        return Double.NaN;
      }
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(0.95 * sorted.length) - 1;
      return sorted[Math.max(0, rank)] / 1_000.0;
    }

    int correct() {
      return (int) samples.stream().filter(Sample::correct).count();
    }

    double accuracy() {
      return answered() == 0 ? Double.NaN : (double) correct() / answered();
    }

    double reusedShare() {
      return answered() == 0
          ? Double.NaN
          : (double) samples.stream().filter(Sample::reused).count() / answered();
    }

    Map<String, Integer> plans() {
      Map<String, Integer> plans = new TreeMap<>();
      samples.forEach(s -> plans.merge(s.configId(), 1, Integer::sum));
      return plans;
    }

    /** One line of figures. */
    String figures() {
      return String.format(
          "%d sent, %d answered, %d failed; reused %.1f %%; latency mean %.1f ms, p95 %.1f ms;"
              + " accuracy %.1f %% (%d/%d)",
          sent,
          answered(),
          failures.size(),
          100 * reusedShare(),
          meanMillis(),
          p95Millis(),
          100 * accuracy(),
          correct(),
          answered());
    }

    String render() {
      var out = new StringBuilder();
      out.append("\n=== demo summary (measured on this machine) ===\n");
      out.append(String.format("stream        %s (%s)%n", streamId, profile));
      out.append("figures       ").append(figures()).append('\n');
      out.append("plans         ").append(plans()).append('\n');
      failures.stream().limit(3).forEach(f -> out.append("failure       ").append(f).append('\n'));
      return out.toString();
    }
  }

  /**
   * One run of all cameras.
   *
   * @param staticPlan the fixed plan of a baseline run, null for the gateway's decisions
   * @param link the device tier's link as the probes saw it during the run
   * @param durationMillis how long the run took
   */
  record Run(
      String title,
      String staticPlan,
      List<Summary> streams,
      List<LinkSample> link,
      long durationMillis) {

    static final long WINDOW_SECONDS = 10;

    String render() {
      var out = new StringBuilder();
      out.append(
          String.format(
              "%n=== %s: %.0f s, measured on this machine ===%n", title, durationMillis / 1e3));
      out.append(
          "link = the device tier's emulated demo-trace link as a probe frame's reply showed it"
              + " every second (bytesSent x 8 / transferMicros, RTT included; mean per window)\n");
      for (Summary s : streams) {
        out.append(String.format("%n%s (%s)%n  %s%n", s.streamId(), s.profile(), s.figures()));
        for (Window w : windows(s.samples(), link, WINDOW_SECONDS, durationMillis)) {
          if (w.frames() == 0) {
            continue; // e.g. the last few milliseconds of the run after the last frame
          }
          out.append(
              String.format(
                  "  %3d-%3d s  link %5.1f Mbit/s %6.1f ms  busy %3d/%3d  %s%n",
                  w.fromSeconds(),
                  w.fromSeconds() + WINDOW_SECONDS,
                  w.linkMbps(),
                  w.transferMillis(),
                  w.busyFrames(),
                  w.frames(),
                  w.plans()));
        }
        s.failures().stream()
            .limit(3)
            .forEach(f -> out.append("  failure ").append(f).append('\n'));
      }
      return out.toString();
    }
  }
}
