package io.inferedge.modelzoo;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} command-line options of the model-zoo tools. Unknown or valueless options
 * are rejected so that a typo does not silently fall back to a default.
 *
 * <p>Immutable, thread-safe.
 */
final class Arguments {

  private final Map<String, String> values;

  private Arguments(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  static Arguments parse(String[] args) {
    return parse(args, null);
  }

  /**
   * @param allowed option names accepted, or {@code null} to accept any
   * @throws IllegalArgumentException naming the bad option
   */
  static Arguments parse(String[] args, Set<String> allowed) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!name.startsWith("--")) {
        throw new IllegalArgumentException(
            "expected an option like --name value, got '" + name + "'");
      }
      if (allowed != null && !allowed.contains(name)) {
        throw new IllegalArgumentException(
            "unknown option " + name + "; known options: " + String.join(", ", allowed));
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + name + " needs a value");
      }
      values.put(name, args[++i]);
    }
    return new Arguments(values);
  }

  Path path(String name, Path fallback) {
    String value = values.get(name);
    return value == null ? fallback : Path.of(value);
  }

  String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  int integer(String name, int fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'", e);
    }
  }

  long longValue(String name, long fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'", e);
    }
  }

  double decimal(String name, double fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, was '" + value + "'", e);
    }
  }
}
