package io.inferedge.inference.power;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the power source at start. A configured kind is used or start-up fails naming what is
 * missing; {@link PowerSourceKind#AUTO} takes the first that gives a reading: INA3221 sysfs (the
 * hwmon layout, then iio), {@code tegrastats} when its executable is found, Intel RAPL, and the
 * power model, which always works. Stateless.
 */
final class PowerSourceSelector {

  private static final Logger log = LoggerFactory.getLogger(PowerSourceSelector.class);

  /**
   * What was chosen: a polled source, or {@code tegrastats} (a stream of lines, not polled).
   *
   * @param kind the kind chosen, never {@code AUTO}
   * @param polled the source to read each period, or null for {@code tegrastats}
   */
  record Choice(PowerSourceKind kind, PowerSource polled) {}

  private final Path sysfsRoot;
  private final String tegrastatsCommand;
  private final Predicate<String> executableExists;
  private final Supplier<PowerSource> model;

  /**
   * @param sysfsRoot the directory that holds {@code sys/}
   * @param tegrastatsCommand the {@code tegrastats} command; its first word is the executable
   * @param executableExists whether an executable (a path, or a name on the {@code PATH}) exists
   * @param model makes the power-model source
   */
  PowerSourceSelector(
      Path sysfsRoot,
      String tegrastatsCommand,
      Predicate<String> executableExists,
      Supplier<PowerSource> model) {
    this.sysfsRoot = sysfsRoot;
    this.tegrastatsCommand = tegrastatsCommand;
    this.executableExists = executableExists;
    this.model = model;
  }

  Choice select(PowerSourceKind wanted, Instant now) {
    try {
      return switch (wanted) {
        case INA3221 ->
            new Choice(
                PowerSourceKind.INA3221,
                Ina3221Sysfs.detect(sysfsRoot)
                    .orElseThrow(() -> missing("INA3221 monitor", "sys/bus/i2c/drivers")));
        case TEGRASTATS -> {
          if (!executableExists.test(executable())) {
            throw new IllegalStateException(
                "infer-edge.inference.power.source is tegrastats but '"
                    + executable()
                    + "' is not an executable");
          }
          yield new Choice(PowerSourceKind.TEGRASTATS, null);
        }
        case RAPL ->
            new Choice(
                PowerSourceKind.RAPL,
                RaplPowercap.detect(sysfsRoot)
                    .orElseThrow(() -> missing("RAPL zone", "sys/class/powercap")));
        case MODEL -> new Choice(PowerSourceKind.MODEL, model.get());
        case AUTO -> detect(now);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("could not look for power sensors under " + sysfsRoot, e);
    }
  }

  private Choice detect(Instant now) throws IOException {
    Optional<Ina3221Sysfs> ina = Ina3221Sysfs.detect(sysfsRoot);
    if (ina.isPresent() && readable(ina.get(), now)) {
      return new Choice(PowerSourceKind.INA3221, ina.get());
    }
    if (executableExists.test(executable())) {
      return new Choice(PowerSourceKind.TEGRASTATS, null);
    }
    Optional<RaplPowercap> rapl = RaplPowercap.detect(sysfsRoot);
    if (rapl.isPresent() && readable(rapl.get(), now)) {
      return new Choice(PowerSourceKind.RAPL, rapl.get());
    }
    return new Choice(PowerSourceKind.MODEL, model.get());
  }

  private static boolean readable(PowerSource source, Instant now) {
    try {
      source.read(now);
      return true;
    } catch (IOException | RuntimeException e) {
      log.info(
          "{} is present but not readable ({}), looking further", source.sensor(), e.toString());
      return false;
    }
  }

  private String executable() {
    return tegrastatsCommand.strip().split("\\s+")[0];
  }

  private IllegalStateException missing(String what, String where) {
    return new IllegalStateException(
        "infer-edge.inference.power.source asks for a "
            + what
            + " but there is none under "
            + sysfsRoot.resolve(where));
  }

  /** Whether {@code command} is an executable file, as a path or found on the {@code PATH}. */
  static boolean onPath(String command) {
    if (command.contains("/")) {
      return Files.isExecutable(Path.of(command));
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
