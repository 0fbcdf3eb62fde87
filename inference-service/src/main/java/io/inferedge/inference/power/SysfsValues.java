package io.inferedge.inference.power;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reading the small text files of sysfs. Stateless. */
final class SysfsValues {

  private SysfsValues() {}

  /** The file's text without surrounding whitespace. */
  static String text(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.US_ASCII).strip();
  }

  /**
   * The file's content as an integer, as sysfs writes them.
   *
   * @throws MalformedReadingException when it is not one
   */
  static long integer(Path file) throws IOException {
    String text = text(file);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new MalformedReadingException(file + " does not hold an integer", text);
    }
  }

  /** The entries of {@code dir} whose file name matches, sorted by name; empty when no such dir. */
  static List<Path> children(Path dir, Predicate<String> name) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return new ArrayList<>(
          entries.filter(p -> name.test(p.getFileName().toString())).sorted().toList());
    }
  }
}
