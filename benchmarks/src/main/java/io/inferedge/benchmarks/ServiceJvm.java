package io.inferedge.benchmarks;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service started by a load run as a child JVM from its runnable ({@code -exec}) jar, the way
 * the launcher's {@code ServiceProcess} starts it: settings as command-line properties, output in a
 * log file, ready when {@code /actuator/health/readiness} answers 200. Closing it sends SIGTERM and
 * kills it if it does not stop. Not thread-safe: start, wait and close from one thread.
 */
final class ServiceJvm implements AutoCloseable {

  private final String name;
  private final int port;
  private final Path log;
  private final Process process;

  private ServiceJvm(String name, int port, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts {@code module}'s runnable jar from {@code home/module/target} on a free port.
   *
   * @param jvmOptions options before {@code -jar}
   * @param properties Spring properties ({@code --key=value}) after the jar
   */
  static ServiceJvm start(
      Path home, String module, List<String> jvmOptions, List<String> properties, Path logDir)
      throws IOException {
    Path jar = runnableJar(home, module);
    int port = freePort();
    Files.createDirectories(logDir);
    Path log = logDir.resolve(module + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.add("--server.port=" + port);
    command.addAll(properties);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().putAll(Map.of("TF_CPP_MIN_LOG_LEVEL", "1"));
    System.out.println("starting " + module + " from " + jar + " on port " + port + ", log " + log);
    return new ServiceJvm(module, port, log, builder.start());
  }

  /** The Spring Boot runnable jar the module's build leaves in its target directory. */
  static Path runnableJar(Path home, String module) throws IOException {
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
    throw new IllegalStateException(
        "no runnable jar in "
            + target
            + "; build it first: ./mvnw -B -o -q package -pl "
            + module
            + " -am -DskipTests");
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  long pid() {
    return process.pid();
  }

  /** Waits until the service reports itself ready, or fails with the tail of its log. */
  void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI readiness = baseUri().resolve("/actuator/health/readiness");
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + " during start:\n" + tail());
      }
      try {
        HttpURLConnection c = (HttpURLConnection) readiness.toURL().openConnection();
        c.setConnectTimeout(2_000);
        c.setReadTimeout(3_000);
        int status = c.getResponseCode();
        (status < 400 ? c.getInputStream() : c.getErrorStream()).readAllBytes();
        if (status == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      process.waitFor(500, TimeUnit.MILLISECONDS);
    }
    throw new IllegalStateException(name + " was not ready after " + timeout + ":\n" + tail());
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(log " + log + " unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
