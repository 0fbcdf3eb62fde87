package io.inferedge.inference.power;

/**
 * The instantaneous power of one named power rail.
 *
 * @param rail the rail's name as the board reports it, e.g. {@code VDD_IN}
 * @param milliwatts its power
 */
record RailReading(String rail, double milliwatts) {

  RailReading {
    if (rail == null || rail.isBlank()) {
      throw new IllegalArgumentException("rail must not be blank");
    }
    if (!(milliwatts >= 0) || !Double.isFinite(milliwatts)) {
      throw new IllegalArgumentException(
          "milliwatts of " + rail + " must be a finite number >= 0, was " + milliwatts);
    }
  }
}
