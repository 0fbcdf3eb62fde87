package io.inferedge.inference;

import static org.awaitility.Awaitility.await;

import io.inferedge.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/** Reads back the {@code InferenceCompleted} record an inference published, by its event id. */
final class InferenceRecords {

  private InferenceRecords() {}

  /**
   * Waits up to 30 s for the record whose JSON carries {@code eventId}, read from the beginning.
   */
  static ConsumerRecord<String, String> awaitPublished(EmbeddedKafkaBroker broker, UUID eventId) {
    Map<String, Object> props =
        KafkaTestUtils.consumerProps(broker.getBrokersAsString(), "test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(Topics.INFERENCE_COMPLETED));
      List<ConsumerRecord<String, String>> found = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  if (r.value().contains(eventId.toString())) {
                    found.add(r);
                  }
                }
                return !found.isEmpty();
              });
      return found.get(0);
    }
  }
}
