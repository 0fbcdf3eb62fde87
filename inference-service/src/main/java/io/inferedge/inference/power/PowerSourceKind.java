package io.inferedge.inference.power;

/**
 * Where a device tier's power comes from. {@link #AUTO} picks, at start, the first that is readable
 * in this order: INA3221 in sysfs, {@code tegrastats}, Intel RAPL, the power model.
 */
public enum PowerSourceKind {
  /** Detect: INA3221 sysfs, then {@code tegrastats}, then RAPL, then the power model. */
  AUTO,
  /** Jetson INA3221 monitors in sysfs, JetPack 4 ({@code ina3221x}, iio) or 5+ ({@code hwmon}). */
  INA3221,
  /** The lines {@code tegrastats} prints. */
  TEGRASTATS,
  /** Intel RAPL energy counters in {@code /sys/class/powercap}. */
  RAPL,
  /** The device profile's power model driven by this tier's busy intervals (emulated). */
  MODEL
}
