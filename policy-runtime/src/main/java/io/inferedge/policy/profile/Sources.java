package io.inferedge.policy.profile;

import java.util.Set;

/** The two provenance labels of DESIGN section 5; every figure in a profile carries one. */
public final class Sources {

  /** Timed or read from a sensor on the profiling host. */
  public static final String MEASURED = "measured";

  /** Derived from a measured figure or a publication by a documented model. */
  public static final String EMULATED = "emulated";

  private static final Set<String> ALL = Set.of(MEASURED, EMULATED);

  private Sources() {}

  static String check(String field, String value) {
    if (!ALL.contains(value)) {
      throw new IllegalArgumentException(
          field + " must be 'measured' or 'emulated', was '" + value + "'");
    }
    return value;
  }
}
