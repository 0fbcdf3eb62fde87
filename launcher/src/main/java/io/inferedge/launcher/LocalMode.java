package io.inferedge.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local mode's command line: starts the platform (the device tier on the trace-driven {@code
 * demo-trace} link), prints the credentials generated for this run (once, to the console), then
 * runs the demo: four cameras with different requirements ({@link DemoClient#CAMERAS}) stream
 * {@code --frames} frames each at {@code --fps} concurrently through the gateway, then the same
 * frames go straight to the device tier with one fixed plan ({@value #STATIC_PLAN}, the best static
 * plan of docs/evaluation.md for balanced, without frame skip) as the static-configuration
 * baseline. It prints both runs' summaries and runs until Ctrl-C (or exits after the demo with
 * {@code --exit-after-demo}).
 *
 * <pre>
 * bin/infer-edge-local [--data-dir DIR] [--frames N] [--fps F] [--exit-after-demo] [--home DIR]
 * </pre>
 */
public final class LocalMode {

  private static final Logger log = LoggerFactory.getLogger(LocalMode.class);

  /** The static-configuration baseline's plan. */
  static final String STATIC_PLAN = "medium/c5/r48/s1";

  private LocalMode() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(".");
    Path dataDir = null;
    // 60 s per run at 15 fps: crosses at least one 20 s bandwidth drop of the 40 s demo trace
    int frames = 900;
    double fps = 15;
    boolean exitAfterDemo = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--home" -> home = Path.of(value(args, ++i, "--home"));
        case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
        case "--frames" -> frames = Integer.parseInt(value(args, ++i, "--frames"));
        case "--fps" -> fps = Double.parseDouble(value(args, ++i, "--fps"));
        case "--exit-after-demo" -> exitAfterDemo = true;
        case "--help", "-h" -> {
          System.out.println(
              "usage: bin/infer-edge-local [--data-dir DIR] [--frames N] [--fps F]"
                  + " [--exit-after-demo] [--home DIR]");
          return;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (dataDir == null) {
      dataDir = home.resolve(".local");
    }

    LocalPlatform platform =
        LocalPlatform.start(new LocalPlatform.Settings(home, dataDir, LocalPlatform.Ports.DEFAULT));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("stopping the platform");
                  platform.close();
                  stopped.countDown();
                },
                "local-mode-shutdown"));
    platform.serviceUris().forEach((name, uri) -> log.info("{} {}", name, uri));
    // Standard output, not the logger: the console only, never a log file.
    System.out.println(platform.secrets().render());
    System.out.println(
        "dashboard   "
            + platform.gatewayUri().resolve("/dashboard/")
            + "   (log in with the API key; the admin key also allows the policy rollback)\n");

    if (frames > 0) {
      demo(platform, frames, fps);
    }
    if (exitAfterDemo) {
      System.exit(0);
    }
    log.info("running; Ctrl-C stops everything (state kept in {})", dataDir.toAbsolutePath());
    stopped.await();
  }

  private static void demo(LocalPlatform platform, int frames, double fps) throws Exception {
    awaitPolicy(platform);
    DemoClient client =
        new DemoClient(
            platform.gatewayUri(),
            platform.serviceUris().get("inference-service"),
            platform.secrets().apiKey());
    for (DemoClient.Camera camera : DemoClient.CAMERAS) {
      client.register(camera);
    }
    log.info(
        "demo: {} cameras x {} frames at {} fps through the gateway, then the static plan {}",
        DemoClient.CAMERAS.size(),
        frames,
        fps,
        STATIC_PLAN);
    DemoClient.Run adaptive =
        client.run("adaptive (gateway decides per frame)", DemoClient.CAMERAS, frames, fps, null);
    System.out.println(adaptive.render());
    DemoClient.Run fixed =
        client.run(
            "static configuration "
                + STATIC_PLAN
                + " (straight to the device tier: no gateway, so no PNG, decision or frame skip"
                + " in its latency)",
            DemoClient.CAMERAS,
            frames,
            fps,
            STATIC_PLAN);
    System.out.println(fixed.render());
    System.out.println(compare(adaptive, fixed));
  }

  /** Adaptive against static per stream, side by side. */
  static String compare(DemoClient.Run adaptive, DemoClient.Run fixed) {
    var out = new StringBuilder("\n=== adaptive vs static (measured) ===\n");
    out.append(
        String.format(
            "%-14s %22s %22s %18s%n",
            "stream", "mean ms (ad/static)", "p95 ms (ad/static)", "accuracy % (ad/st)"));
    for (int i = 0; i < adaptive.streams().size() && i < fixed.streams().size(); i++) {
      DemoClient.Summary a = adaptive.streams().get(i);
      DemoClient.Summary s = fixed.streams().get(i);
      out.append(
          String.format(
              "%-14s %10.1f / %-9.1f %10.1f / %-9.1f %7.1f / %-7.1f%n",
              a.streamId(),
              a.meanMillis(),
              s.meanMillis(),
              a.p95Millis(),
              s.p95Millis(),
              100 * a.accuracy(),
              100 * s.accuracy()));
    }
    return out.toString();
  }

  /** Waits until the gateway holds the published actor, so the demo's plans are decided by it. */
  private static void awaitPolicy(LocalPlatform platform) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = platform.gatewayUri().resolve("/api/v1/gateway/policy");
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      int status =
          http.send(
                  HttpRequest.newBuilder(uri)
                      .header("X-API-Key", platform.secrets().apiKey())
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
      if (status == 200) {
        return;
      }
      Thread.sleep(250);
    }
    log.warn("the gateway holds no policy after 90 s; the demo runs with its fallback decisions");
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
