package io.inferedge.inference.power;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a reading that is not one: it is counted (a metric), skipped, and the first of a
 * sensor is logged at WARN with the offending line or value; the rest go to DEBUG, so that a sensor
 * that keeps failing at 10 Hz does not flood the log while the count keeps telling. Thread-safe.
 */
final class MalformedReadings {

  private static final Logger log = LoggerFactory.getLogger(MalformedReadings.class);

  private final String sensor;
  private final Runnable counter;
  private final AtomicBoolean logged = new AtomicBoolean();
  private final AtomicLong count = new AtomicLong();

  /**
   * @param sensor the sensor the readings come from, for the log
   * @param counter increments the metric, once per skipped reading
   */
  MalformedReadings(String sensor, Runnable counter) {
    this.sensor = sensor;
    this.counter = counter;
  }

  void report(MalformedReadingException e) {
    skipped(e.getMessage() + ": '" + e.text() + "'");
  }

  void report(IOException e) {
    skipped("the sensor could not be read: " + e);
  }

  private void skipped(String what) {
    count.incrementAndGet();
    counter.run();
    if (logged.compareAndSet(false, true)) {
      log.warn(
          "skipped a malformed {} reading, sampling goes on (further ones are counted in"
              + " inference.power.malformed and logged at DEBUG): {}",
          sensor,
          what);
    } else {
      log.debug("skipped a malformed {} reading: {}", sensor, what);
    }
  }

  /** How many readings were skipped. */
  long count() {
    return count.get();
  }
}
