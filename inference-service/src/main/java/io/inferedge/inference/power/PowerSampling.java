package io.inferedge.inference.power;

import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.PowerSampled;
import io.inferedge.inference.InferenceProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Samples this device tier's power from start to shutdown: chooses the source ({@link
 * PowerSourceSelector}), reads a polled source every period on one scheduler thread (or lets {@code
 * tegrastats} print at that period), groups samples into batches ({@link PowerBatcher}) and hands
 * them to the publisher. Malformed readings are skipped and counted ({@link MalformedReadings}).
 *
 * <p>Metrics: {@code inference.power.samples}, {@code inference.power.malformed} (tag {@code
 * sensor}), and the gauge {@code inference.power.milliwatts} (the last sample; tags {@code sensor},
 * {@code source}). Thread-safe lifecycle; the thin Spring wiring around the plain-Java sources.
 */
final class PowerSampling implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(PowerSampling.class);

  private final InferenceProperties properties;
  private final PowerSourceSelector selector;
  private final Clock clock;
  private final Consumer<PowerSampled> publisher;
  private final MeterRegistry meters;
  private final AtomicLong lastMilliwatts = new AtomicLong(Double.doubleToLongBits(Double.NaN));

  private volatile boolean running;
  private ScheduledExecutorService scheduler;
  private PowerSourceSelector.Choice choice;
  private PowerBatcher batcher;
  private TegrastatsProcess tegrastats;

  PowerSampling(
      InferenceProperties properties,
      PowerSourceSelector selector,
      Clock clock,
      Consumer<PowerSampled> publisher,
      MeterRegistry meters) {
    this.properties = properties;
    this.selector = selector;
    this.clock = clock;
    this.publisher = publisher;
    this.meters = meters;
  }

  @Override
  public synchronized void start() {
    InferenceProperties.Power power = properties.power();
    choice = selector.select(power.source(), clock.instant());
    String sensor = choice.polled() != null ? choice.polled().sensor() : "tegrastats";
    MeasurementSource source =
        choice.polled() != null ? choice.polled().source() : MeasurementSource.MEASURED;
    Counter samples =
        Counter.builder("inference.power.samples")
            .description("power samples taken")
            .register(meters);
    Counter malformedCount =
        Counter.builder("inference.power.malformed")
            .description("power readings skipped because they were malformed")
            .tag("sensor", sensor)
            .register(meters);
    Gauge.builder(
            "inference.power.milliwatts", lastMilliwatts, v -> Double.longBitsToDouble(v.get()))
        .description("the last power sample")
        .tag("sensor", sensor)
        .tag("source", source.name())
        .register(meters);
    MalformedReadings malformed = new MalformedReadings(sensor, malformedCount::increment);
    batcher =
        new PowerBatcher(
            properties.deviceId(),
            source,
            sensor,
            power.batchSize(),
            power.maxBatchDelay(),
            publisher);
    Consumer<List<PowerSampled.Sample>> sink =
        taken -> {
          if (!taken.isEmpty()) {
            samples.increment(taken.size());
            lastMilliwatts.set(
                Double.doubleToLongBits(taken.get(taken.size() - 1).powerMilliwatts()));
          }
          batcher.add(taken, clock.instant());
        };
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "power-sampling");
              thread.setDaemon(true);
              return thread;
            });
    long periodMicros = power.period().toNanos() / 1_000;
    if (choice.polled() != null) {
      var sampler = new PolledSampler(choice.polled(), malformed, sink, batcher);
      scheduler.scheduleAtFixedRate(
          () -> sampler.tick(clock.instant()), periodMicros, periodMicros, TimeUnit.MICROSECONDS);
    } else {
      try {
        tegrastats =
            TegrastatsProcess.start(
                power.tegrastatsCommand(),
                power.period(),
                new TegrastatsStream(clock, malformed, sink));
      } catch (IOException e) {
        throw new UncheckedIOException("could not start " + power.tegrastatsCommand(), e);
      }
      scheduler.scheduleAtFixedRate(
          () -> batcher.flushIfDue(clock.instant()),
          periodMicros,
          periodMicros,
          TimeUnit.MICROSECONDS);
    }
    running = true;
    log.info(
        "sampling power of {} from {} ({}, {}) every {}, {} samples per batch at most",
        properties.deviceId(),
        sensor,
        choice.kind(),
        source,
        power.period(),
        power.batchSize());
  }

  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(Duration.ofSeconds(2).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (tegrastats != null) {
      tegrastats.close();
    }
    if (choice.polled() != null) {
      choice.polled().close();
    }
    batcher.flush(clock.instant());
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** What was chosen at start, or null before. */
  PowerSourceSelector.Choice choice() {
    return choice;
  }

  // Stop before the publisher and Kafka are closed, so the last batch is sent.
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 1;
  }
}
