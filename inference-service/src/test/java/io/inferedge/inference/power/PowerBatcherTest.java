package io.inferedge.inference.power;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.PowerSampled;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PowerBatcherTest {

  static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

  private final List<PowerSampled> published = new ArrayList<>();
  private final PowerBatcher batcher =
      new PowerBatcher(
          "device-3",
          MeasurementSource.MEASURED,
          "ina3221-hwmon",
          3,
          Duration.ofSeconds(1),
          published::add);

  private static PowerSampled.Sample at(long millis, double milliwatts) {
    return new PowerSampled.Sample(T0.plusMillis(millis), milliwatts);
  }

  @Test
  void aFullBatchIsPublishedAtOnce() {
    batcher.add(List.of(at(0, 1), at(100, 2)), T0);
    assertThat(published).isEmpty();

    batcher.add(List.of(at(200, 3), at(300, 4)), T0.plusMillis(300));

    assertThat(published).hasSize(1);
    PowerSampled batch = published.get(0);
    assertThat(batch.deviceId()).isEqualTo("device-3");
    assertThat(batch.source()).isEqualTo(MeasurementSource.MEASURED);
    assertThat(batch.sensor()).isEqualTo("ina3221-hwmon");
    assertThat(batch.occurredAt()).isEqualTo(T0.plusMillis(300));
    assertThat(batch.samples()).containsExactly(at(0, 1), at(100, 2), at(200, 3));
  }

  @Test
  void aPartialBatchWaitsAtMostTheMaximumDelay() {
    batcher.add(List.of(at(0, 1)), T0);

    batcher.flushIfDue(T0.plusMillis(999));
    assertThat(published).isEmpty();

    batcher.flushIfDue(T0.plusMillis(1_000));
    assertThat(published).hasSize(1);
    assertThat(published.get(0).samples()).containsExactly(at(0, 1));
  }

  @Test
  void aSampleNotAfterThePreviousIsDroppedAndCounted() {
    batcher.add(List.of(at(100, 1), at(100, 2), at(50, 3), at(200, 4)), T0);
    batcher.flush(T0);

    assertThat(published.get(0).samples()).containsExactly(at(100, 1), at(200, 4));
    assertThat(batcher.outOfOrder()).isEqualTo(2);
  }

  @Test
  void flushingNothingPublishesNothing() {
    batcher.flush(T0);
    batcher.flushIfDue(T0.plusSeconds(10));

    assertThat(published).isEmpty();
  }
}
