package io.inferedge.inference.power;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.PowerSampled;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A malformed reading is logged once with the line or value, counted and skipped, and sampling goes
 * on: through {@link PolledSampler} on a fake sysfs tree and {@link TegrastatsStream} on the
 * reference lines.
 */
class SamplingTest {

  static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

  @TempDir Path root;

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(MalformedReadings.class);
  private final AtomicInteger metric = new AtomicInteger();
  private final List<PowerSampled> published = new ArrayList<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
  }

  private List<ILoggingEvent> warnings() {
    return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
  }

  private PowerBatcher batcher(MeasurementSource source, String sensor) {
    return new PowerBatcher("device-1", source, sensor, 100, Duration.ZERO, published::add);
  }

  @Test
  void aMalformedSysfsValueIsSkippedAndSamplingGoesOn() throws IOException {
    FakeSysfs board = FakeSysfs.nanoJetPack4(root);
    Ina3221Sysfs sensor = Ina3221Sysfs.detect(root).orElseThrow();
    PowerBatcher batcher = batcher(MeasurementSource.MEASURED, sensor.sensor());
    var malformed = new MalformedReadings(sensor.sensor(), metric::incrementAndGet);
    var sampler =
        new PolledSampler(sensor, malformed, samples -> batcher.add(samples, T0), batcher);
    String power = "sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0/in_power0_input";

    sampler.tick(T0);
    board.file(power, "garbage");
    sampler.tick(T0.plusMillis(100));
    sampler.tick(T0.plusMillis(200));
    board.file(power, 2000);
    sampler.tick(T0.plusMillis(300));

    assertThat(published)
        .flatMap(PowerSampled::samples)
        .containsExactly(
            new PowerSampled.Sample(T0, 1750), new PowerSampled.Sample(T0.plusMillis(300), 2000));
    assertThat(metric.get()).isEqualTo(2);
    assertThat(malformed.count()).isEqualTo(2);
    assertThat(warnings()).hasSize(1);
    assertThat(warnings().get(0).getFormattedMessage()).contains("'garbage'", "in_power0_input");
  }

  @Test
  void aMissingSysfsFileIsSkippedToo() throws IOException {
    FakeSysfs.nanoJetPack4(root);
    Ina3221Sysfs sensor = Ina3221Sysfs.detect(root).orElseThrow();
    PowerBatcher batcher = batcher(MeasurementSource.MEASURED, sensor.sensor());
    var malformed = new MalformedReadings(sensor.sensor(), metric::incrementAndGet);
    var sampler =
        new PolledSampler(sensor, malformed, samples -> batcher.add(samples, T0), batcher);
    java.nio.file.Files.delete(
        root.resolve("sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0/in_power0_input"));

    sampler.tick(T0);

    assertThat(published).isEmpty();
    assertThat(metric.get()).isEqualTo(1);
  }

  @Test
  void tegrastatsLinesBecomeSamplesAndAMalformedLineIsSkipped() throws IOException {
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    var malformed = new MalformedReadings("tegrastats", metric::incrementAndGet);
    List<PowerSampled.Sample> samples = new ArrayList<>();
    var stream = new TegrastatsStream(clock, malformed, samples::addAll);
    String broken = "RAM 2461/7620MB (lfb 3x2MB) SWAP 1243/3810MB VDD_IN 57";
    String lines =
        String.join(
            "\n",
            ReferenceLines.line(ReferenceLines.NANO_JP461),
            broken,
            ReferenceLines.line(ReferenceLines.XAVIER_NX_JP411),
            "",
            ReferenceLines.line(ReferenceLines.XAVIER_NX_JP512),
            ReferenceLines.line(ReferenceLines.ORIN_NANO_JP6),
            ReferenceLines.line(ReferenceLines.AGX_ORIN_JP72));

    stream.pump(new BufferedReader(new StringReader(lines)));

    assertThat(samples)
        .extracting(PowerSampled.Sample::powerMilliwatts)
        .containsExactly(1750.0, 6140.0, 2763.0, 5704.0, 13_907.0);
    assertThat(samples).extracting(PowerSampled.Sample::sampledAt).containsOnly(T0);
    assertThat(metric.get()).isEqualTo(2);
    assertThat(warnings()).hasSize(1);
    assertThat(warnings().get(0).getFormattedMessage()).contains(broken);
  }
}
