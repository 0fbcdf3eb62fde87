package io.inferedge.policy.outcome;

import io.inferedge.contracts.OutcomeRecorded;
import io.inferedge.contracts.Topics;
import io.inferedge.support.kafka.BatchRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.stereotype.Component;

/**
 * Fills the experience buffer: stores every {@link OutcomeRecorded} once. A batch listener: each
 * poll's records go to the database in one transaction, and the container commits the offsets only
 * after the listener returns, so a crash in between redelivers records that the idempotent insert
 * then skips. A poison record goes to {@code telemetry.outcome-recorded.v1-dlt} through the shared
 * error handler; the records before it are stored, the ones after it redelivered. Thread-safe
 * (stateless).
 */
@Component
final class OutcomeListener {

  private static final LogAccessor LOG = new LogAccessor(OutcomeListener.class);

  private final OutcomeRepository repository;
  private final Counter stored;
  private final Counter duplicates;

  OutcomeListener(OutcomeRepository repository, MeterRegistry meters) {
    this.repository = repository;
    this.stored =
        Counter.builder("policy.outcome.stored")
            .description("OutcomeRecorded records stored in the experience buffer")
            .register(meters);
    this.duplicates =
        Counter.builder("policy.outcome.duplicates")
            .description("OutcomeRecorded records skipped because their eventId was stored")
            .register(meters);
  }

  @KafkaListener(
      id = "policy-outcome",
      idIsGroup = false,
      topics = Topics.OUTCOME_RECORDED,
      batch = "true",
      // Producers without type headers (other languages, the CLI) still deserialise.
      properties =
          JacksonJsonDeserializer.VALUE_DEFAULT_TYPE + "=io.inferedge.contracts.OutcomeRecorded")
  void onOutcomes(List<ConsumerRecord<String, Object>> records) {
    BatchRecords<OutcomeRecorded> batch = BatchRecords.of(records, OutcomeRecorded.class);
    int inserted = repository.storeAll(batch.values());
    stored.increment(inserted);
    duplicates.increment(batch.values().size() - inserted);
    LOG.debug(
        () ->
            "stored "
                + inserted
                + " of "
                + records.size()
                + " outcome records"
                + (batch.poisoned() ? ", then a poison record" : ""));
    batch.throwIfPoisoned();
  }
}
