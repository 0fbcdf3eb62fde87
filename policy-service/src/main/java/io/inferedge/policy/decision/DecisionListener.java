package io.inferedge.policy.decision;

import io.inferedge.contracts.DecisionMade;
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
 * Completes the decision log with the decisions the gateway made itself (in-process and default
 * plan), published as {@link DecisionMade}: without them online learning could not attribute the
 * outcomes of those frames to a policy version, requirements and state. A batch listener like the
 * outcome listener: each poll's records go to the database in one transaction, idempotently on the
 * decision id, and the container commits the offsets after the listener returns. A poison record
 * (unreadable or invalid) goes to {@code gateway.decision-made.v1-dlt} with the reason through the
 * shared error handler; the records before it are stored, the ones after it redelivered.
 * Thread-safe (stateless).
 */
@Component
final class DecisionListener {

  private static final LogAccessor LOG = new LogAccessor(DecisionListener.class);

  private final DecisionLog log;
  private final Counter stored;
  private final Counter duplicates;

  DecisionListener(DecisionLog log, MeterRegistry meters) {
    this.log = log;
    this.stored =
        Counter.builder("policy.decisions.received.stored")
            .description("DecisionMade records appended to the decision log")
            .register(meters);
    this.duplicates =
        Counter.builder("policy.decisions.received.duplicates")
            .description("DecisionMade records skipped because their decisionId was logged")
            .register(meters);
  }

  @KafkaListener(
      id = "policy-decisions",
      idIsGroup = false,
      topics = Topics.DECISION_MADE,
      batch = "true",
      // Producers without type headers still deserialise.
      properties =
          JacksonJsonDeserializer.VALUE_DEFAULT_TYPE + "=io.inferedge.contracts.DecisionMade")
  void onDecisions(List<ConsumerRecord<String, Object>> records) {
    BatchRecords<DecisionMade> batch = BatchRecords.of(records, DecisionMade.class);
    int inserted = log.appendAll(batch.values());
    stored.increment(inserted);
    duplicates.increment(batch.values().size() - inserted);
    LOG.debug(
        () ->
            "logged "
                + inserted
                + " of "
                + records.size()
                + " published decisions"
                + (batch.poisoned() ? ", then a poison record" : ""));
    batch.throwIfPoisoned();
  }
}
