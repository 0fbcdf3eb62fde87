package io.inferedge.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the repository is and what its build says: the files the deployment tests read. Stateless;
 * thread-safe.
 */
final class Repo {

  /** The modules that run as a service (a container each), in start-up order. */
  static final List<String> SERVICE_MODULES =
      List.of("inference-service", "telemetry-service", "policy-service", "gateway");

  private static final Pattern PROJECT_VERSION =
      Pattern.compile("(?m)^  <version>([^<]+)</version>$");

  private Repo() {}

  /** The repository root: surefire passes it, a run from the IDE falls back to the parent dir. */
  static Path home() {
    String configured = System.getProperty("infer-edge.home");
    Path home = Path.of(configured != null ? configured : "..").toAbsolutePath().normalize();
    if (!Files.isRegularFile(home.resolve("docker-compose.yml"))) {
      throw new IllegalStateException("not the repository root (no docker-compose.yml): " + home);
    }
    return home;
  }

  static Path path(String relative) {
    return home().resolve(relative);
  }

  /** The project version of the root pom, which the image tags must carry. */
  static String version() {
    String text = read(path("pom.xml"));
    Matcher m = PROJECT_VERSION.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no project <version> in the root pom");
    }
    return m.group(1);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
