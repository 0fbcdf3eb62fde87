package io.inferedge.contracts;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Argument checks shared by the records of this package; each message names the field and value.
 */
final class Checks {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private Checks() {}

  static <T> T notNull(String field, T value) {
    return Objects.requireNonNull(value, () -> field + " must not be null");
  }

  static String id(String field, String value) {
    if (value == null || !ID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field
              + " must be 1-64 characters of [A-Za-z0-9._-] starting with a letter or digit, was '"
              + value
              + "'");
    }
    return value;
  }

  static long nonNegative(String field, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, was " + value);
    }
    return value;
  }

  static double finiteNonNegative(String field, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(field + " must be a finite number >= 0, was " + value);
    }
    return value;
  }

  static double unitInterval(String field, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(field + " must be in [0, 1], was " + value);
    }
    return value;
  }

  static int schemaVersion(int expected, int value) {
    if (value != expected) {
      throw new IllegalArgumentException(
          "schemaVersion must be " + expected + " on this topic, was " + value);
    }
    return value;
  }
}
