package io.inferedge.telemetry.inference;

import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.contracts.Topics;
import io.inferedge.support.kafka.BatchRecords;
import io.inferedge.telemetry.BatchStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.stereotype.Component;

/**
 * Stores every {@link InferenceCompleted} once. A batch listener: each poll's records go to the
 * database in one transaction, and the container commits the offsets only after the listener
 * returns, so a crash in between redelivers records that the idempotent insert then skips. A poison
 * record (not JSON, or fields the record rejects) goes to {@code inference.completed.v1-dlt}
 * through the shared error handler; the records before it are stored, the ones after it are
 * redelivered and the consumer carries on. A database outage pauses the partition until the
 * database is back, committing nothing meanwhile ({@link io.inferedge.telemetry.BatchStore}).
 * Thread-safe (stateless).
 */
@Component
final class InferenceListener {

  private static final LogAccessor LOG = new LogAccessor(InferenceListener.class);

  private final InferenceRepository repository;
  private final Counter stored;
  private final Counter duplicates;

  InferenceListener(InferenceRepository repository, MeterRegistry meters) {
    this.repository = repository;
    this.stored =
        Counter.builder("telemetry.inference.stored")
            .description("InferenceCompleted records stored")
            .register(meters);
    this.duplicates =
        Counter.builder("telemetry.inference.duplicates")
            .description("InferenceCompleted records skipped because their eventId was stored")
            .register(meters);
  }

  @KafkaListener(
      id = "telemetry-inference",
      idIsGroup = false,
      topics = Topics.INFERENCE_COMPLETED,
      batch = "true",
      concurrency = "${infer-edge.telemetry.listener-concurrency:3}",
      // Producers without type headers (other languages, the CLI) still deserialise.
      properties =
          JacksonJsonDeserializer.VALUE_DEFAULT_TYPE + "=io.inferedge.contracts.InferenceCompleted")
  void onInferences(List<ConsumerRecord<String, Object>> records) {
    BatchRecords<InferenceCompleted> batch = BatchRecords.of(records, InferenceCompleted.class);
    int inserted = BatchStore.store(batch.values(), repository::storeAll);
    stored.increment(inserted);
    duplicates.increment(batch.values().size() - inserted);
    LOG.debug(
        () ->
            "stored "
                + inserted
                + " of "
                + records.size()
                + " inference records"
                + (batch.poisoned() ? ", then a poison record" : ""));
    batch.throwIfPoisoned();
  }
}
