package io.inferedge.launcher;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local mode's command line: starts the platform, streams a demo camera through the gateway,
 * prints the credentials generated for this run (once, to the console) and a summary, and runs
 * until Ctrl-C (or exits after the demo with {@code --exit-after-demo}).
 *
 * <pre>
 * bin/infer-edge-local [--data-dir DIR] [--frames N] [--stream ID] [--exit-after-demo] [--home DIR]
 * </pre>
 */
public final class LocalMode {

  private static final Logger log = LoggerFactory.getLogger(LocalMode.class);

  private LocalMode() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(".");
    Path dataDir = null;
    int frames = 200;
    String stream = "demo-cam-1";
    boolean exitAfterDemo = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--home" -> home = Path.of(value(args, ++i, "--home"));
        case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
        case "--frames" -> frames = Integer.parseInt(value(args, ++i, "--frames"));
        case "--stream" -> stream = value(args, ++i, "--stream");
        case "--exit-after-demo" -> exitAfterDemo = true;
        case "--help", "-h" -> {
          System.out.println(
              "usage: bin/infer-edge-local [--data-dir DIR] [--frames N] [--stream ID]"
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

    if (frames > 0) {
      DemoClient.Summary summary =
          new DemoClient(platform.gatewayUri(), platform.secrets().apiKey()).stream(stream, frames);
      System.out.println(summary.render());
    }
    if (exitAfterDemo) {
      System.exit(0);
    }
    log.info("running; Ctrl-C stops everything (state kept in {})", dataDir.toAbsolutePath());
    stopped.await();
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
