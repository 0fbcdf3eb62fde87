package io.inferedge.inference.power;

import io.inferedge.contracts.PowerSampled;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sampling period of a polled source: read it, hand the samples on, publish a batch that is
 * due. A malformed reading is reported and skipped, and no exception escapes, so that the next
 * period samples again. Not thread-safe (called by one scheduler thread).
 */
final class PolledSampler {

  private static final Logger log = LoggerFactory.getLogger(PolledSampler.class);

  private final PowerSource source;
  private final MalformedReadings malformed;
  private final Consumer<List<PowerSampled.Sample>> sink;
  private final PowerBatcher batcher;

  PolledSampler(
      PowerSource source,
      MalformedReadings malformed,
      Consumer<List<PowerSampled.Sample>> sink,
      PowerBatcher batcher) {
    this.source = source;
    this.malformed = malformed;
    this.sink = sink;
    this.batcher = batcher;
  }

  void tick(Instant now) {
    try {
      sink.accept(source.read(now));
    } catch (MalformedReadingException e) {
      malformed.report(e);
    } catch (IOException e) {
      malformed.report(e);
    } catch (RuntimeException e) {
      log.warn("power sampling from {} failed once, going on", source.sensor(), e);
    }
    batcher.flushIfDue(now);
  }
}
