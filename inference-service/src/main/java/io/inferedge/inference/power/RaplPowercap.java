package io.inferedge.inference.power;

import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.PowerSampled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Intel RAPL energy counters in {@code sys/class/powercap}: each zone {@code intel-rapl:N[:M]} has
 * a {@code name}, a cumulative {@code energy_uj} and the {@code max_energy_range_uj} at which that
 * counter wraps to zero. Power over a period is the counter's increase divided by the period's
 * length, stamped at the period's middle (it is the period's mean power).
 *
 * <p>Zones: the {@code psys} zone (the whole platform) where there is one; else every top-level
 * {@code package-N} zone plus its {@code dram} subzone (DRAM is not inside the package's counter).
 * The core and uncore subzones are inside the package's counter and are not added again; {@code
 * intel-rapl-mmio} zones duplicate the package and are ignored.
 *
 * <p>Not thread-safe (one sampling thread keeps the previous counters).
 */
final class RaplPowercap implements PowerSource {

  /**
   * One counter.
   *
   * @param name the zone's {@code name}
   * @param energy its {@code energy_uj}
   * @param maxRangeMicrojoules its {@code max_energy_range_uj}
   */
  record Zone(String name, Path energy, long maxRangeMicrojoules) {}

  private final List<Zone> zones;
  private long[] previous;
  private Instant previousAt;

  RaplPowercap(List<Zone> zones) {
    if (zones.isEmpty()) {
      throw new IllegalArgumentException("zones must not be empty");
    }
    this.zones = List.copyOf(zones);
  }

  /** The readable RAPL zones under {@code sysfsRoot}; empty when there are none. */
  static Optional<RaplPowercap> detect(Path sysfsRoot) throws IOException {
    Path powercap = sysfsRoot.resolve("sys/class/powercap");
    List<Zone> packages = new ArrayList<>();
    List<Zone> dram = new ArrayList<>();
    Zone psys = null;
    for (Path dir : SysfsValues.children(powercap, n -> n.matches("intel-rapl:\\d+(:\\d+)?"))) {
      if (!Files.isRegularFile(dir.resolve("energy_uj"))
          || !Files.isRegularFile(dir.resolve("max_energy_range_uj"))
          || !Files.isRegularFile(dir.resolve("name"))) {
        continue;
      }
      boolean topLevel = dir.getFileName().toString().matches("intel-rapl:\\d+");
      String name = SysfsValues.text(dir.resolve("name"));
      Zone zone =
          new Zone(
              name,
              dir.resolve("energy_uj"),
              SysfsValues.integer(dir.resolve("max_energy_range_uj")));
      if (topLevel && name.equals("psys")) {
        psys = zone;
      } else if (topLevel && name.startsWith("package")) {
        packages.add(zone);
      } else if (!topLevel && name.equals("dram")) {
        dram.add(zone);
      }
    }
    if (psys != null) {
      return Optional.of(new RaplPowercap(List.of(psys)));
    }
    if (packages.isEmpty()) {
      return Optional.empty();
    }
    packages.addAll(dram);
    return Optional.of(new RaplPowercap(packages));
  }

  /** The zones whose counters are summed. */
  List<Zone> zones() {
    return zones;
  }

  /**
   * The energy a counter gained from {@code before} to {@code after}, across one wrap at {@code
   * maxRange} when it went down.
   */
  static long increase(long before, long after, long maxRange) {
    return after >= before ? after - before : (maxRange - before) + after;
  }

  @Override
  public String sensor() {
    return "rapl";
  }

  @Override
  public MeasurementSource source() {
    return MeasurementSource.MEASURED;
  }

  @Override
  public List<PowerSampled.Sample> read(Instant now) throws IOException {
    long[] counters = new long[zones.size()];
    for (int i = 0; i < counters.length; i++) {
      counters[i] = SysfsValues.integer(zones.get(i).energy());
      if (counters[i] < 0 || counters[i] > zones.get(i).maxRangeMicrojoules()) {
        throw new MalformedReadingException(
            zones.get(i).energy() + " is outside [0, " + zones.get(i).maxRangeMicrojoules() + "]",
            Long.toString(counters[i]));
      }
    }
    long[] before = previous;
    Instant beforeAt = previousAt;
    previous = counters;
    previousAt = now;
    if (before == null || !now.isAfter(beforeAt)) {
      return List.of();
    }
    long microjoules = 0;
    for (int i = 0; i < counters.length; i++) {
      microjoules += increase(before[i], counters[i], zones.get(i).maxRangeMicrojoules());
    }
    Duration period = Duration.between(beforeAt, now);
    double micros = period.toNanos() / 1_000.0;
    // uJ / us = W; times 1000 for mW.
    double milliwatts = microjoules / micros * 1_000.0;
    return List.of(new PowerSampled.Sample(beforeAt.plus(period.dividedBy(2)), milliwatts));
  }
}
