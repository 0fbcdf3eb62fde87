package io.inferedge.support.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * Raw records on an embedded broker for the services' integration tests (shipped in this module's
 * test jar): bytes sent as they are, and records read back from the beginning of a topic.
 */
public final class KafkaRecords {

  private KafkaRecords() {}

  /** Sends bytes as they are, without type headers, as a foreign or broken producer would. */
  public static void sendRaw(EmbeddedKafkaBroker broker, String topic, String key, byte[] value)
      throws Exception {
    Map<String, Object> props = KafkaTestUtils.producerProps(broker);
    try (var producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  /** Waits for the record with {@code key} on {@code topic}, read from the beginning. */
  public static ConsumerRecord<String, byte[]> awaitRecord(
      EmbeddedKafkaBroker broker, String topic, String key) {
    Map<String, Object> props =
        KafkaTestUtils.consumerProps(broker, "test-reader-" + UUID.randomUUID(), false);
    try (var consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(200))
                    .forEach(
                        r -> {
                          if (key.equals(r.key())) {
                            found.add(r);
                          }
                        });
                return !found.isEmpty();
              });
      return found.get(0);
    }
  }
}
