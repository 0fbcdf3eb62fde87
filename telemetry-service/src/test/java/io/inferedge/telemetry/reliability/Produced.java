package io.inferedge.telemetry.reliability;

import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.contracts.Topics;
import io.inferedge.telemetry.Events;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

/** Publishes inference events as the device tiers do and remembers their ids. */
final class Produced implements AutoCloseable {

  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private final KafkaProducer<String, Object> producer;
  private final Set<UUID> ids = new LinkedHashSet<>();

  Produced(String bootstrapServers) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    producer = new KafkaProducer<>(props, new StringSerializer(), new JacksonJsonSerializer<>());
  }

  /**
   * Sends {@code count} frames of {@code streams} streams named {@code prefix-<n>}, then flushes.
   */
  void send(String prefix, int streams, int count) {
    for (int i = 0; i < count; i++) {
      String stream = prefix + "-" + (i % streams);
      Instant start = T0.plusMillis(ids.size());
      InferenceCompleted event =
          Events.frame(stream, "rel-dev-" + (i % 4), start, start.plusNanos(400_000));
      ids.add(event.eventId());
      producer.send(new ProducerRecord<>(Topics.INFERENCE_COMPLETED, stream, event));
    }
    producer.flush();
  }

  Set<UUID> ids() {
    return ids;
  }

  @Override
  public void close() {
    producer.close();
  }
}
