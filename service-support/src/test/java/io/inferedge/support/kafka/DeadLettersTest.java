package io.inferedge.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * On a real broker: a record that cannot be deserialised and a record the listener rejects both end
 * on {@code <topic>-dlt} with the reason in their headers, the bad bytes unchanged, and the records
 * after them are still consumed.
 */
@EmbeddedKafka(
    topics = {"in", "in-dlt"},
    partitions = 1)
class DeadLettersTest {

  record Reading(String sensor, int value) {
    Reading {
      if (value < 0) {
        throw new IllegalArgumentException("value must be >= 0, was " + value);
      }
    }
  }

  @Test
  void poisonRecordsGoToTheDeadLetterTopicAndTheConsumerKeepsGoing(EmbeddedKafkaBroker broker)
      throws Exception {
    Map<String, Object> producerProps = KafkaTestUtils.producerProps(broker);
    // Configured by class names, as Spring Boot configures the services' producer factories.
    var jsonProps = new java.util.HashMap<>(producerProps);
    jsonProps.put("key.serializer", StringSerializer.class);
    jsonProps.put("value.serializer", JacksonJsonSerializer.class);
    var errorHandler =
        DeadLetters.errorHandler(
            new DefaultKafkaProducerFactory<>(jsonProps), Duration.ofMillis(400));

    Map<String, Object> consumerProps = KafkaTestUtils.consumerProps(broker, "dlt-test", false);
    consumerProps.put("auto.offset.reset", "earliest");
    var valueDeserializer =
        new ErrorHandlingDeserializer<>(new JacksonJsonDeserializer<>(Reading.class, false));
    var consumerFactory =
        new DefaultKafkaConsumerFactory<>(
            consumerProps, new StringDeserializer(), valueDeserializer);
    List<Reading> consumed = new CopyOnWriteArrayList<>();
    var outages = new java.util.concurrent.atomic.AtomicInteger(4);
    var containerProps = new ContainerProperties("in");
    containerProps.setMessageListener(
        (MessageListener<String, Reading>)
            record -> {
              if (record.value().sensor().equals("flaky") && outages.getAndDecrement() > 0) {
                throw new org.springframework.dao.DataAccessResourceFailureException(
                    "database unreachable");
              }
              if (record.value().sensor().equals("reject")) {
                throw new IllegalArgumentException("sensor 'reject' is refused");
              }
              consumed.add(record.value());
            });
    var container = new KafkaMessageListenerContainer<>(consumerFactory, containerProps);
    container.setCommonErrorHandler(errorHandler);
    container.start();

    try (var raw =
        new KafkaProducer<String, byte[]>(
            producerProps, new StringSerializer(), new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>("in", "k", "not json".getBytes())).get();
      raw.send(new ProducerRecord<>("in", "k", "{\"sensor\":\"reject\",\"value\":1}".getBytes()))
          .get();
      raw.send(new ProducerRecord<>("in", "k", "{\"sensor\":\"a\",\"value\":-5}".getBytes())).get();
      raw.send(new ProducerRecord<>("in", "k", "{\"sensor\":\"flaky\",\"value\":3}".getBytes()))
          .get();
      raw.send(new ProducerRecord<>("in", "k", "{\"sensor\":\"ok\",\"value\":7}".getBytes())).get();
    }

    Map<String, Object> dltProps = KafkaTestUtils.consumerProps(broker, "dlt-reader", false);
    dltProps.put("auto.offset.reset", "earliest");
    try (var dltConsumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(
            dltProps,
            new StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      dltConsumer.subscribe(List.of("in-dlt"));
      List<ConsumerRecord<String, byte[]>> dead = new java.util.ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (dead.size() < 3 && System.nanoTime() < deadline) {
        dltConsumer.poll(Duration.ofMillis(200)).forEach(dead::add);
      }
      assertThat(dead).hasSize(3);
      assertThat(new String(dead.get(0).value())).isEqualTo("not json");
      assertThat(reason(dead.get(0))).contains("Unrecognized token");
      assertThat(reason(dead.get(1))).contains("sensor 'reject' is refused");
      assertThat(reason(dead.get(2))).contains("value must be >= 0, was -5");
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> consumed.size() == 2);
    } finally {
      container.stop();
    }
    // The record that met a (simulated) database outage was retried until it went through.
    assertThat(outages.get()).isNegative();
    assertThat(consumed).containsExactly(new Reading("flaky", 3), new Reading("ok", 7));
  }

  private static String reason(ConsumerRecord<String, byte[]> record) {
    var header = record.headers().lastHeader(DeadLetters.REASON_HEADER);
    return header == null ? "" : new String(header.value());
  }
}
