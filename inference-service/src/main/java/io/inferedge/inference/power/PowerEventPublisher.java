package io.inferedge.inference.power;

import io.inferedge.contracts.PowerSampled;
import io.inferedge.contracts.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes {@link PowerSampled} batches to {@link Topics#POWER_SAMPLED}, keyed by device id so a
 * device's batches stay in order on one partition. Like the inference records, batches go through
 * one sender thread and a bounded queue ({@value #QUEUE_CAPACITY} batches, about {@value
 * #QUEUE_CAPACITY} s of samples at the defaults), so that a broker outage never stalls sampling;
 * what cannot be sent is logged and counted in {@code inference.power.publish.failures}.
 *
 * <p>Thread-safe. On close the queue is drained for up to {@value #DRAIN_SECONDS} s.
 */
final class PowerEventPublisher implements Consumer<PowerSampled>, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PowerEventPublisher.class);

  static final int QUEUE_CAPACITY = 256;
  static final int DRAIN_SECONDS = 5;

  private final KafkaTemplate<String, Object> kafka;
  private final Counter failures;
  private final Counter published;
  private final ThreadPoolExecutor sender =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(QUEUE_CAPACITY),
          runnable -> {
            Thread thread = new Thread(runnable, "power-events");
            thread.setDaemon(true);
            return thread;
          });

  PowerEventPublisher(KafkaTemplate<String, Object> kafka, MeterRegistry meters) {
    this.kafka = kafka;
    this.failures =
        Counter.builder("inference.power.publish.failures")
            .description("telemetry.power-sampled records that could not be published")
            .register(meters);
    this.published =
        Counter.builder("inference.power.published")
            .description("telemetry.power-sampled records handed to Kafka")
            .register(meters);
  }

  @Override
  public void accept(PowerSampled batch) {
    try {
      sender.execute(() -> send(batch));
    } catch (RejectedExecutionException e) {
      failed(batch, "the publish queue is full or closed");
    }
  }

  private void send(PowerSampled batch) {
    try {
      kafka
          .send(Topics.POWER_SAMPLED, batch.deviceId(), batch)
          .whenComplete(
              (result, error) -> {
                if (error != null) {
                  failed(batch, error.toString());
                } else {
                  published.increment();
                }
              });
    } catch (RuntimeException e) {
      failed(batch, e.toString());
    }
  }

  private void failed(PowerSampled batch, String reason) {
    failures.increment();
    log.warn(
        "could not publish power batch {} ({} samples) of device {} to {}: {}",
        batch.eventId(),
        batch.samples().size(),
        batch.deviceId(),
        Topics.POWER_SAMPLED,
        reason);
  }

  @Override
  public void close() throws InterruptedException {
    sender.shutdown();
    if (!sender.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
      int dropped = sender.shutdownNow().size();
      log.warn("dropped {} unpublished power batches at shutdown", dropped);
      failures.increment(dropped);
    }
  }
}
