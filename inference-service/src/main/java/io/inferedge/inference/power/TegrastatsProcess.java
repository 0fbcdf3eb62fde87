package io.inferedge.inference.power;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code tegrastats --interval <ms>} whose output a daemon thread pumps into a {@link
 * TegrastatsStream}. Closing it ends the process. Thread-safe to close from any thread.
 */
final class TegrastatsProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TegrastatsProcess.class);

  private final Process process;
  private final Thread reader;

  private TegrastatsProcess(Process process, TegrastatsStream stream) {
    this.process = process;
    this.reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                stream.pump(lines);
              } catch (IOException e) {
                log.debug("tegrastats output closed: {}", e.toString());
              }
              if (process.isAlive()) {
                return;
              }
              log.warn("tegrastats exited with status {}; power sampling stopped", exitValue());
            },
            "power-tegrastats");
    reader.setDaemon(true);
  }

  /** The command line: {@code command} split on blanks, then {@code --interval <period ms>}. */
  static List<String> commandLine(String command, Duration period) {
    List<String> line = new ArrayList<>(Arrays.asList(command.strip().split("\\s+")));
    line.add("--interval");
    line.add(Long.toString(period.toMillis()));
    return line;
  }

  static TegrastatsProcess start(String command, Duration period, TegrastatsStream stream)
      throws IOException {
    Process process =
        new ProcessBuilder(commandLine(command, period))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    TegrastatsProcess running = new TegrastatsProcess(process, stream);
    running.reader.start();
    return running;
  }

  private int exitValue() {
    try {
      return process.exitValue();
    } catch (IllegalThreadStateException e) {
      return -1;
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
  }
}
