package io.inferedge.inference.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.inferedge.contracts.PowerSampled;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RaplPowercap} on fake {@code /sys/class/powercap} trees, with hand-computed powers. */
class RaplPowercapTest {

  static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");
  static final long MAX = 262_143_328_850L; // a real package zone's max_energy_range_uj

  @TempDir Path root;

  /** A one-socket server: package-0 with core, uncore and dram subzones, and the mmio copy. */
  private FakeSysfs server() {
    FakeSysfs tree =
        new FakeSysfs(root)
            .rapl("0", "package-0", 1_000_000, MAX)
            .rapl("0:0", "core", 500_000, MAX)
            .rapl("0:1", "uncore", 10_000, MAX)
            .rapl("0:2", "dram", 200_000, 65_712_999_613L);
    tree.file("sys/class/powercap/intel-rapl-mmio:0/name", "package-0");
    tree.file("sys/class/powercap/intel-rapl-mmio:0/energy_uj", 999);
    tree.file("sys/class/powercap/intel-rapl-mmio:0/max_energy_range_uj", MAX);
    return tree;
  }

  @Test
  void sumsThePackageAndItsDramButNotCoreUncoreOrMmio() throws IOException {
    server();

    RaplPowercap rapl = RaplPowercap.detect(root).orElseThrow();

    assertThat(rapl.zones())
        .extracting(RaplPowercap.Zone::name)
        .containsExactly("package-0", "dram");
  }

  @Test
  void powerIsTheCountersIncreaseOverThePeriodStampedAtItsMiddle() throws IOException {
    FakeSysfs tree = server();
    RaplPowercap rapl = RaplPowercap.detect(root).orElseThrow();

    assertThat(rapl.read(T0)).isEmpty(); // the first reading only starts the interval

    // In 100 ms the package gained 1.2 J and the DRAM 0.3 J: 1.5 J / 0.1 s = 15 W.
    tree.raplEnergy("0", 2_200_000).raplEnergy("0:2", 500_000);
    List<PowerSampled.Sample> samples = rapl.read(T0.plusMillis(100));

    assertThat(samples).hasSize(1);
    assertThat(samples.get(0).sampledAt()).isEqualTo(T0.plusMillis(50));
    assertThat(samples.get(0).powerMilliwatts()).isCloseTo(15_000, within(1e-6));
  }

  @Test
  void aCounterThatWrappedStillGivesThePeriodsEnergy() throws IOException {
    FakeSysfs tree = new FakeSysfs(root).rapl("0", "package-0", MAX - 400_000, MAX);
    RaplPowercap rapl = RaplPowercap.detect(root).orElseThrow();
    rapl.read(T0);

    // 400,000 uJ up to the wrap, then 600,000 uJ after it: 1.0 J in 200 ms = 5 W.
    tree.raplEnergy("0", 600_000);
    List<PowerSampled.Sample> samples = rapl.read(T0.plusMillis(200));

    assertThat(samples.get(0).powerMilliwatts()).isCloseTo(5_000, within(1e-6));
    assertThat(RaplPowercap.increase(MAX - 400_000, 600_000, MAX)).isEqualTo(1_000_000);
    assertThat(RaplPowercap.increase(100, 250, MAX)).isEqualTo(150);
  }

  @Test
  void thePlatformZoneAloneWhenThereIsOne() throws IOException {
    server().rapl("1", "psys", 7_000_000, MAX);

    assertThat(RaplPowercap.detect(root).orElseThrow().zones())
        .extracting(RaplPowercap.Zone::name)
        .containsExactly("psys");
  }

  @Test
  void noPowercapIsEmpty() throws IOException {
    assertThat(RaplPowercap.detect(root)).isEmpty();
  }

  @Test
  void aCounterThatIsNotANumberIsMalformedAndTheNextPeriodMeasuresAgain() throws IOException {
    FakeSysfs tree = new FakeSysfs(root).rapl("0", "package-0", 1_000_000, MAX);
    RaplPowercap rapl = RaplPowercap.detect(root).orElseThrow();
    rapl.read(T0);

    tree.file("sys/class/powercap/intel-rapl:0/energy_uj", "");
    assertThatThrownBy(() -> rapl.read(T0.plusMillis(100)))
        .isInstanceOf(MalformedReadingException.class);

    // 2 J over the 200 ms since the last good reading: 10 W.
    tree.raplEnergy("0", 3_000_000);
    assertThat(rapl.read(T0.plusMillis(200)).get(0).powerMilliwatts())
        .isCloseTo(10_000, within(1e-6));
  }
}
