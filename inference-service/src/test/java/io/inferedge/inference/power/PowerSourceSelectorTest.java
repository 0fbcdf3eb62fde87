package io.inferedge.inference.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferedge.inference.InferenceProperties.DeviceProfile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PowerSourceSelectorTest {

  static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

  @TempDir Path root;

  private PowerSourceSelector selector(Predicate<String> executables) {
    return new PowerSourceSelector(
        root,
        "tegrastats",
        executables,
        () -> new PowerModelSource(new BusyIntervals(), new DeviceProfile(1_000, 5_000, 1)));
  }

  private PowerSourceSelector.Choice auto(Predicate<String> executables) {
    return selector(executables).select(PowerSourceKind.AUTO, NOW);
  }

  @Test
  void autoPrefersTheIna3221SysfsOverTegrastatsAndRapl() {
    FakeSysfs.orinNanoJetPack6(root).rapl("0", "package-0", 1, 1_000_000);

    PowerSourceSelector.Choice choice = auto(command -> true);

    assertThat(choice.kind()).isEqualTo(PowerSourceKind.INA3221);
    assertThat(choice.polled().sensor()).isEqualTo("ina3221-hwmon");
  }

  @Test
  void autoFallsBackFromAnUnreadableMonitorToTegrastats() {
    FakeSysfs.nanoJetPack4(root)
        .file("sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0/in_power0_input", "n/a");

    PowerSourceSelector.Choice choice = auto("tegrastats"::equals);

    assertThat(choice.kind()).isEqualTo(PowerSourceKind.TEGRASTATS);
    assertThat(choice.polled()).isNull();
  }

  @Test
  void autoTakesRaplOnAnIntelHostWithoutTegrastats() {
    new FakeSysfs(root).rapl("0", "package-0", 1, 1_000_000);

    assertThat(auto(command -> false).kind()).isEqualTo(PowerSourceKind.RAPL);
  }

  @Test
  void autoEndsWithThePowerModelWhenNothingIsReadable() {
    PowerSourceSelector.Choice choice = auto(command -> false);

    assertThat(choice.kind()).isEqualTo(PowerSourceKind.MODEL);
    assertThat(choice.polled().sensor()).isEqualTo("power-model");
  }

  @Test
  void anExplicitSourceThatIsNotThereFailsStartUpNamingIt() {
    assertThatThrownBy(() -> selector(c -> false).select(PowerSourceKind.INA3221, NOW))
        .hasMessageContaining("INA3221")
        .hasMessageContaining("sys/bus/i2c/drivers");
    assertThatThrownBy(() -> selector(c -> false).select(PowerSourceKind.RAPL, NOW))
        .hasMessageContaining("sys/class/powercap");
    assertThatThrownBy(() -> selector(c -> false).select(PowerSourceKind.TEGRASTATS, NOW))
        .hasMessageContaining("'tegrastats' is not an executable");
  }

  @Test
  void anExplicitModelIsTakenEvenWhereASensorExists() {
    FakeSysfs.orinNanoJetPack6(root);

    assertThat(selector(c -> true).select(PowerSourceKind.MODEL, NOW).kind())
        .isEqualTo(PowerSourceKind.MODEL);
  }

  @Test
  void findsExecutablesOnThePath() {
    assertThat(PowerSourceSelector.onPath("sh")).isTrue();
    assertThat(PowerSourceSelector.onPath("/bin/sh")).isTrue();
    assertThat(PowerSourceSelector.onPath("no-such-tegrastats-here")).isFalse();
  }
}
