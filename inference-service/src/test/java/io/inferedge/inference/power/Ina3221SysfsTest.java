package io.inferedge.inference.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.PowerSampled;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Ina3221Sysfs} on fake sysfs trees laid out like each board's. */
class Ina3221SysfsTest {

  static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

  @TempDir Path root;

  private Ina3221Sysfs detect() throws IOException {
    return Ina3221Sysfs.detect(root).orElseThrow();
  }

  @Test
  void nanoJetPack4ReadsPom5vInFromTheIioLayout() throws IOException {
    FakeSysfs.nanoJetPack4(root);

    Ina3221Sysfs sensor = detect();

    assertThat(sensor.layout()).isEqualTo(Ina3221Sysfs.Layout.IIO);
    assertThat(sensor.sensor()).isEqualTo("ina3221-iio");
    assertThat(sensor.source()).isEqualTo(MeasurementSource.MEASURED);
    assertThat(sensor.rails()).containsExactly("POM_5V_IN");
    assertThat(sensor.read(NOW)).containsExactly(new PowerSampled.Sample(NOW, 1750));
  }

  @Test
  void tx2JetPack4FindsVddInOnTheSecondMonitor() throws IOException {
    FakeSysfs.tx2JetPack4(root);

    Ina3221Sysfs sensor = detect();

    assertThat(sensor.rails()).containsExactly("VDD_IN");
    assertThat(sensor.readTotalMilliwatts()).isEqualTo(2829);
  }

  @Test
  void agxXavierJetPack4HasNoTotalRailSoAllSixAreSummed() throws IOException {
    FakeSysfs.agxXavierJetPack4(root);

    Ina3221Sysfs sensor = detect();

    assertThat(sensor.rails()).containsExactly("GPU", "CPU", "SOC", "CV", "VDDRQ", "SYS5V");
    assertThat(sensor.readTotalMilliwatts()).isEqualTo(155 + 620 + 1550 + 0 + 310 + 1900);
  }

  @Test
  void orinNanoJetPack6MultipliesBusVoltageByCurrentOfVddIn() throws IOException {
    FakeSysfs.orinNanoJetPack6(root);

    Ina3221Sysfs sensor = detect();

    assertThat(sensor.layout()).isEqualTo(Ina3221Sysfs.Layout.HWMON);
    assertThat(sensor.sensor()).isEqualTo("ina3221-hwmon");
    assertThat(sensor.rails()).containsExactly("VDD_IN");
    // 5056 mV x 1128 mA = 5703.168 mW
    assertThat(sensor.readTotalMilliwatts()).isCloseTo(5703.168, within(1e-9));
  }

  @Test
  void xavierNxJetPack5ReadsVddIn() throws IOException {
    FakeSysfs.xavierNxJetPack5(root);

    assertThat(detect().readTotalMilliwatts()).isCloseTo(5008 * 552 / 1000.0, within(1e-9));
  }

  @Test
  void agxOrinSumsItsConnectedRailsSkippingNcAndChannel7() throws IOException {
    FakeSysfs.agxOrinJetPack5(root);

    Ina3221Sysfs sensor = detect();

    assertThat(sensor.rails())
        .containsExactly("VDD_GPU_SOC", "VDD_CPU_CV", "VIN_SYS_5V0", "VDDQ_VDD2_1V8AO");
    double expected =
        (19160 * 268 + 19160 * 170 + 5000 * 1100 + 19200 * 40) / 1000.0; // 15,160.08 mW
    assertThat(sensor.readTotalMilliwatts()).isCloseTo(expected, within(1e-9));
  }

  @Test
  void theHwmonLayoutWinsWhenBothAreThere() throws IOException {
    FakeSysfs.nanoJetPack4(root);
    FakeSysfs.orinNanoJetPack6(root);

    assertThat(detect().layout()).isEqualTo(Ina3221Sysfs.Layout.HWMON);
  }

  @Test
  void noMonitorIsEmpty() throws IOException {
    new FakeSysfs(root).file("sys/bus/i2c/drivers/other/1-0040/name", "other");

    assertThat(Ina3221Sysfs.detect(root)).isEmpty();
  }

  @Test
  void aValueThatIsNotANumberIsMalformedWithTheValue() throws IOException {
    FakeSysfs board = FakeSysfs.nanoJetPack4(root);
    board.file("sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0/in_power0_input", "1 750");

    assertThatThrownBy(() -> detect().read(NOW))
        .isInstanceOf(MalformedReadingException.class)
        .hasMessageContaining("in_power0_input")
        .satisfies(e -> assertThat(((MalformedReadingException) e).text()).isEqualTo("1 750"));
  }
}
