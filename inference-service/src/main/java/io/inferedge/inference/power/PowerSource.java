package io.inferedge.inference.power;

import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.PowerSampled;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * A device's total power, read once per sampling period. Implementations are plain Java over a
 * directory tree or a model, so that tests can build the tree of each board in a temporary
 * directory. Not thread-safe: one sampling thread reads a source.
 */
interface PowerSource extends AutoCloseable {

  /** What produces the samples, e.g. {@code ina3221-hwmon}; the {@code sensor} of the records. */
  String sensor();

  /** Whether the samples are read from a sensor or computed by a model. */
  MeasurementSource source();

  /**
   * The samples for the period that ends {@code now}, in time order; empty when this period has
   * none (the first RAPL reading only starts a counter interval).
   *
   * @throws MalformedReadingException when the sensor holds something that is not a reading
   * @throws IOException when the sensor cannot be read
   */
  List<PowerSampled.Sample> read(Instant now) throws IOException;

  @Override
  default void close() {}
}
