package io.inferedge.inference.power;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds sysfs trees in a temporary directory, laid out like the real boards': the directories and
 * file names the kernel drivers create, each value followed by a newline as sysfs prints it.
 */
final class FakeSysfs {

  private final Path root;

  FakeSysfs(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /** Writes {@code value} plus a newline to {@code relative}, creating its directories. */
  FakeSysfs file(String relative, Object value) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, value + "\n", StandardCharsets.US_ASCII);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One JetPack 4 {@code ina3221x} monitor: {@code rails[k]} with {@code milliwatts[k]} on channel
   * k, plus the voltage, current and limit files the driver also creates.
   */
  FakeSysfs iio(String device, int iio, String[] rails, int[] milliwatts) {
    String dir = "sys/bus/i2c/drivers/ina3221x/" + device + "/iio:device" + iio + "/";
    file(dir + "name", "ina3221x");
    file(dir + "uevent", "OF_NAME=ina3221x");
    for (int k = 0; k < rails.length; k++) {
      file(dir + "rail_name_" + k, rails[k]);
      file(dir + "in_power" + k + "_input", milliwatts[k]);
      file(dir + "in_voltage" + k + "_input", 5000);
      file(dir + "in_current" + k + "_input", milliwatts[k] / 5);
      file(dir + "crit_current_limit_" + k, 4000);
      file(dir + "warn_current_limit_" + k, 3000);
    }
    return this;
  }

  /**
   * One JetPack 5+ {@code ina3221} hwmon monitor: {@code labels[k-1]} on channel k with bus voltage
   * {@code millivolts[k-1]} and current {@code milliamps[k-1]}, the shunt-voltage channels 4-6 and
   * channel 7, labelled "sum of shunt voltages".
   */
  FakeSysfs hwmon(String device, int hwmon, String[] labels, int[] millivolts, int[] milliamps) {
    String dir = "sys/bus/i2c/drivers/ina3221/" + device + "/hwmon/hwmon" + hwmon + "/";
    file(dir + "name", "ina3221");
    for (int k = 1; k <= labels.length; k++) {
      file(dir + "in" + k + "_label", labels[k - 1]);
      file(dir + "in" + k + "_input", millivolts[k - 1]);
      file(dir + "curr" + k + "_input", milliamps[k - 1]);
      file(dir + "curr" + k + "_max", 32760);
      file(dir + "in" + (k + 3) + "_input", 12);
      file(dir + "shunt" + k + "_resistor", 5000);
    }
    file(dir + "in7_label", "sum of shunt voltages");
    file(dir + "in7_input", 40);
    return this;
  }

  /** One RAPL zone {@code intel-rapl:<id>} with its name, counter and wrap range. */
  FakeSysfs rapl(String id, String name, long energyMicrojoules, long maxRangeMicrojoules) {
    String dir = "sys/class/powercap/intel-rapl:" + id + "/";
    file(dir + "name", name);
    file(dir + "energy_uj", energyMicrojoules);
    file(dir + "max_energy_range_uj", maxRangeMicrojoules);
    file(dir + "enabled", 1);
    return this;
  }

  /** Rewrites a RAPL zone's counter. */
  FakeSysfs raplEnergy(String id, long energyMicrojoules) {
    return file("sys/class/powercap/intel-rapl:" + id + "/energy_uj", energyMicrojoules);
  }

  // The boards of ../shared/reference/tegrastats/README.md.

  /** Jetson Nano, JetPack 4: one monitor at 6-0040, POM_5V_IN the total. */
  static FakeSysfs nanoJetPack4(Path root) {
    return new FakeSysfs(root)
        .iio(
            "6-0040",
            0,
            new String[] {"POM_5V_IN", "POM_5V_GPU", "POM_5V_CPU"},
            new int[] {1750, 0, 366});
  }

  /** Jetson TX2, JetPack 4: two monitors; VDD_IN (the total) on the second. */
  static FakeSysfs tx2JetPack4(Path root) {
    return new FakeSysfs(root)
        .iio(
            "0-0040",
            0,
            new String[] {"VDD_SYS_GPU", "VDD_SYS_SOC", "VDD_4V0_WIFI"},
            new int[] {152, 687, 38})
        .iio(
            "0-0041",
            1,
            new String[] {"VDD_IN", "VDD_SYS_CPU", "VDD_SYS_DDR"},
            new int[] {2829, 305, 498});
  }

  /** Jetson AGX Xavier, JetPack 4: two monitors and no total rail. */
  static FakeSysfs agxXavierJetPack4(Path root) {
    return new FakeSysfs(root)
        .iio("1-0040", 0, new String[] {"GPU", "CPU", "SOC"}, new int[] {155, 620, 1550})
        .iio("1-0041", 1, new String[] {"CV", "VDDRQ", "SYS5V"}, new int[] {0, 310, 1900});
  }

  /** Jetson Xavier NX, JetPack 5: one hwmon monitor at 7-0040, VDD_IN the total. */
  static FakeSysfs xavierNxJetPack5(Path root) {
    return new FakeSysfs(root)
        .hwmon(
            "7-0040",
            4,
            new String[] {"VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"},
            new int[] {5008, 5008, 5008},
            new int[] {552, 130, 130});
  }

  /** Jetson Orin Nano, JetPack 6: one hwmon monitor at 1-0040, VDD_IN the total. */
  static FakeSysfs orinNanoJetPack6(Path root) {
    return new FakeSysfs(root)
        .hwmon(
            "1-0040",
            1,
            new String[] {"VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"},
            new int[] {5056, 5056, 5056},
            new int[] {1128, 164, 321});
  }

  /**
   * Jetson AGX Orin, JetPack 5+: two hwmon monitors, unconnected channels labelled NC, no total.
   */
  static FakeSysfs agxOrinJetPack5(Path root) {
    return new FakeSysfs(root)
        .hwmon(
            "1-0040",
            3,
            new String[] {"VDD_GPU_SOC", "VDD_CPU_CV", "VIN_SYS_5V0"},
            new int[] {19160, 19160, 5000},
            new int[] {268, 170, 1100})
        .hwmon(
            "1-0041",
            4,
            new String[] {"NC", "VDDQ_VDD2_1V8AO", "NC"},
            new int[] {0, 19200, 0},
            new int[] {0, 40, 0});
  }
}
