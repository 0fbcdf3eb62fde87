package io.inferedge.inference.power;

import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.PowerSampled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Jetson INA3221 power monitors in sysfs, what {@code tegrastats} itself reads, in both layouts
 * (../shared/reference/tegrastats/README.md):
 *
 * <ul>
 *   <li>JetPack 4 and older, {@code ina3221x} (iio): {@code
 *       sys/bus/i2c/drivers/ina3221x/<bus>-<addr>/iio:device<N>/} with {@code rail_name_K} and
 *       {@code in_powerK_input} in mW, K = 0..2;
 *   <li>JetPack 5 and newer, {@code ina3221} (hwmon): {@code
 *       sys/bus/i2c/drivers/ina3221/<bus>-<addr>/hwmon/hwmon<N>/} with {@code inK_label}, {@code
 *       inK_input} in mV and {@code currK_input} in mA, K = 1..3; power = V x I. Channel 7 (the sum
 *       of shunt voltages) is not a rail, and rails labelled {@code NC} are not connected.
 * </ul>
 *
 * A board with several monitors (TX2, AGX Xavier, AGX Orin) has its rails spread over them. The
 * board's total rail is read where it has one, else every rail is read and summed ({@link
 * BoardRails}). Not thread-safe (one sampling thread).
 */
final class Ina3221Sysfs implements PowerSource {

  /** The two driver layouts. */
  enum Layout {
    IIO("ina3221-iio"),
    HWMON("ina3221-hwmon");

    private final String sensor;

    Layout(String sensor) {
      this.sensor = sensor;
    }
  }

  /**
   * One connected rail.
   *
   * @param rail its label
   * @param power {@code in_powerK_input} (iio), or null
   * @param voltage {@code inK_input} (hwmon), or null
   * @param current {@code currK_input} (hwmon), or null
   */
  record Channel(String rail, Path power, Path voltage, Path current) {}

  private final Layout layout;
  private final List<Channel> channels;

  private Ina3221Sysfs(Layout layout, List<Channel> rails) {
    this.layout = layout;
    List<Channel> total = rails.stream().filter(c -> BoardRails.isTotal(c.rail())).toList();
    this.channels = List.copyOf(total.isEmpty() ? rails : total.subList(0, 1));
  }

  /** The monitors under {@code sysfsRoot}: the hwmon layout first, then iio; empty when neither. */
  static Optional<Ina3221Sysfs> detect(Path sysfsRoot) throws IOException {
    Optional<Ina3221Sysfs> hwmon = hwmon(sysfsRoot);
    return hwmon.isPresent() ? hwmon : iio(sysfsRoot);
  }

  static Optional<Ina3221Sysfs> hwmon(Path sysfsRoot) throws IOException {
    Path driver = sysfsRoot.resolve("sys/bus/i2c/drivers/ina3221");
    List<Channel> rails = new ArrayList<>();
    for (Path device : SysfsValues.children(driver, n -> n.matches("\\d+-[0-9a-fA-F]{4}"))) {
      for (Path hwmon :
          SysfsValues.children(device.resolve("hwmon"), n -> n.matches("hwmon\\d+"))) {
        for (int k = 1; k <= 3; k++) {
          Path label = hwmon.resolve("in" + k + "_label");
          if (!Files.isRegularFile(label)) {
            continue;
          }
          String rail = SysfsValues.text(label);
          if (rail.isEmpty() || rail.equals("NC")) {
            continue;
          }
          rails.add(
              new Channel(
                  rail,
                  null,
                  hwmon.resolve("in" + k + "_input"),
                  hwmon.resolve("curr" + k + "_input")));
        }
      }
    }
    return rails.isEmpty() ? Optional.empty() : Optional.of(new Ina3221Sysfs(Layout.HWMON, rails));
  }

  static Optional<Ina3221Sysfs> iio(Path sysfsRoot) throws IOException {
    Path driver = sysfsRoot.resolve("sys/bus/i2c/drivers/ina3221x");
    List<Channel> rails = new ArrayList<>();
    for (Path device : SysfsValues.children(driver, n -> n.matches("\\d+-[0-9a-fA-F]{4}"))) {
      for (Path iio : SysfsValues.children(device, n -> n.matches("iio:device\\d+"))) {
        for (int k = 0; k <= 2; k++) {
          Path name = iio.resolve("rail_name_" + k);
          if (!Files.isRegularFile(name)) {
            continue;
          }
          String rail = SysfsValues.text(name);
          if (rail.isEmpty() || rail.equals("NC")) {
            continue;
          }
          rails.add(new Channel(rail, iio.resolve("in_power" + k + "_input"), null, null));
        }
      }
    }
    return rails.isEmpty() ? Optional.empty() : Optional.of(new Ina3221Sysfs(Layout.IIO, rails));
  }

  Layout layout() {
    return layout;
  }

  /** The rails this source reads: the total rail alone, or all of them to be summed. */
  List<String> rails() {
    return channels.stream().map(Channel::rail).toList();
  }

  /** Reads the rails this source uses, in milliwatts. */
  List<RailReading> readRails() throws IOException {
    List<RailReading> readings = new ArrayList<>(channels.size());
    for (Channel channel : channels) {
      double milliwatts =
          channel.power() != null
              ? SysfsValues.integer(channel.power())
              : SysfsValues.integer(channel.voltage())
                  * (double) SysfsValues.integer(channel.current())
                  / 1_000.0;
      if (milliwatts < 0) {
        throw new MalformedReadingException(
            "rail " + channel.rail() + " reads a negative power", Double.toString(milliwatts));
      }
      readings.add(new RailReading(channel.rail(), milliwatts));
    }
    return readings;
  }

  /** The board's total power now. */
  double readTotalMilliwatts() throws IOException {
    return BoardRails.totalMilliwatts(readRails());
  }

  @Override
  public String sensor() {
    return layout.sensor;
  }

  @Override
  public MeasurementSource source() {
    return MeasurementSource.MEASURED;
  }

  @Override
  public List<PowerSampled.Sample> read(Instant now) throws IOException {
    return List.of(new PowerSampled.Sample(now, readTotalMilliwatts()));
  }
}
