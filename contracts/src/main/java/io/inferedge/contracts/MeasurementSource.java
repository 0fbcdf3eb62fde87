package io.inferedge.contracts;

/**
 * Where a figure comes from: timed or read from a sensor here, or derived by a documented model.
 */
public enum MeasurementSource {
  MEASURED,
  EMULATED
}
