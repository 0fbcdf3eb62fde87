package io.inferedge.telemetry.power;

import io.inferedge.contracts.PowerSampled;
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
 * Stores every {@link PowerSampled} batch once. Like the inference listener: a batch listener whose
 * records go to the database in one transaction, offsets committed by the container only after the
 * listener returns (so after the database commit), redeliveries skipped by the idempotent insert,
 * poison records to {@code telemetry.power-sampled.v1-dlt} through the shared error handler, and a
 * database outage retried with back-off until it is over. Thread-safe (stateless).
 */
@Component
final class PowerListener {

  private static final LogAccessor LOG = new LogAccessor(PowerListener.class);

  private final PowerRepository repository;
  private final Counter batches;
  private final Counter samples;

  PowerListener(PowerRepository repository, MeterRegistry meters) {
    this.repository = repository;
    this.batches =
        Counter.builder("telemetry.power.batches")
            .description("PowerSampled records received (stored or skipped as redeliveries)")
            .register(meters);
    this.samples =
        Counter.builder("telemetry.power.samples.stored")
            .description("power samples stored")
            .register(meters);
  }

  @KafkaListener(
      id = "telemetry-power",
      idIsGroup = false,
      topics = Topics.POWER_SAMPLED,
      batch = "true",
      concurrency = "${infer-edge.telemetry.listener-concurrency:3}",
      properties =
          JacksonJsonDeserializer.VALUE_DEFAULT_TYPE + "=io.inferedge.contracts.PowerSampled")
  void onPower(List<ConsumerRecord<String, Object>> records) {
    BatchRecords<PowerSampled> batch = BatchRecords.of(records, PowerSampled.class);
    int inserted = BatchStore.store(batch.values(), repository::storeAll);
    batches.increment(batch.values().size());
    samples.increment(inserted);
    LOG.debug(
        () ->
            "stored "
                + inserted
                + " samples of "
                + records.size()
                + " power records"
                + (batch.poisoned() ? ", then a poison record" : ""));
    batch.throwIfPoisoned();
  }
}
