package io.inferedge.inference.plan;

import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.contracts.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes one {@link InferenceCompleted} per executed frame to {@link
 * Topics#INFERENCE_COMPLETED}, keyed by stream id so a stream's records stay in order on one
 * partition.
 *
 * <p>Publishing never fails or slows the request: the client already has its label, and losing a
 * telemetry record is better than answering late for a frame that was executed. Records are handed
 * to one sender thread through a bounded queue ({@value #QUEUE_CAPACITY} records), because even an
 * asynchronous {@code send} blocks while the broker is unreachable (waiting for metadata and, with
 * observation on, for the cluster id). Failures, including records dropped because the queue is
 * full, are logged and counted in {@code inference.events.publish.failures}.
 *
 * <p>Thread-safe. One sender thread keeps the records of a stream in order. On shutdown the queue
 * is drained for up to {@value #DRAIN_SECONDS} s.
 */
@Component
final class InferenceEventPublisher implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(InferenceEventPublisher.class);

  static final int QUEUE_CAPACITY = 1024;
  static final int DRAIN_SECONDS = 5;

  private final KafkaTemplate<String, Object> kafka;
  private final Counter failures;
  private final ThreadPoolExecutor sender =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(QUEUE_CAPACITY),
          runnable -> {
            Thread thread = new Thread(runnable, "inference-events");
            thread.setDaemon(true);
            return thread;
          });

  InferenceEventPublisher(KafkaTemplate<String, Object> kafka, MeterRegistry meters) {
    this.kafka = kafka;
    this.failures =
        Counter.builder("inference.events.publish.failures")
            .description("inference.completed records that could not be published")
            .register(meters);
  }

  void publish(InferenceCompleted event) {
    try {
      sender.execute(() -> send(event));
    } catch (RejectedExecutionException e) {
      failed(event, "the publish queue is full or closed");
    }
  }

  private void send(InferenceCompleted event) {
    try {
      kafka
          .send(Topics.INFERENCE_COMPLETED, event.streamId(), event)
          .whenComplete(
              (result, error) -> {
                if (error != null) {
                  failed(event, error.toString());
                }
              });
    } catch (RuntimeException e) {
      failed(event, e.toString());
    }
  }

  private void failed(InferenceCompleted event, String reason) {
    failures.increment();
    log.warn(
        "could not publish {} of stream {} frame {} to {}: {}",
        event.eventId(),
        event.streamId(),
        event.frameSeq(),
        Topics.INFERENCE_COMPLETED,
        reason);
  }

  @Override
  public void destroy() throws InterruptedException {
    sender.shutdown();
    if (!sender.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
      int dropped = sender.shutdownNow().size();
      log.warn("dropped {} unpublished inference records at shutdown", dropped);
      failures.increment(dropped);
    }
  }
}
