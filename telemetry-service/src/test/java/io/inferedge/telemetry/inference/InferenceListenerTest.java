package io.inferedge.telemetry.inference;

import static io.inferedge.telemetry.inference.InferenceSamples.inference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.contracts.Topics;
import io.inferedge.telemetry.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@link InferenceListener} between a real broker and a real database. */
class InferenceListenerTest extends IntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired KafkaTemplate<Object, Object> kafka;
  @Autowired InferenceRepository repository;
  @Autowired JsonMapper json;

  @Test
  void storesAPublishedEvent() throws Exception {
    InferenceCompleted event = inference("listen-ok", 1);

    kafka.send(Topics.INFERENCE_COMPLETED, event.streamId(), event).get();

    await().atMost(WAIT).until(() -> repository.findById(event.eventId()).isPresent());
    assertThat(repository.findById(event.eventId()).orElseThrow().configId())
        .isEqualTo(event.plan().configId());
  }

  @Test
  void storesTheTierFieldsOfACurrentProducer() throws Exception {
    InferenceCompleted event = InferenceSamples.splitInference("listen-tiers", 1);

    kafka.send(Topics.INFERENCE_COMPLETED, event.streamId(), event).get();

    await().atMost(WAIT).until(() -> repository.findById(event.eventId()).isPresent());
    StoredInference stored = repository.findById(event.eventId()).orElseThrow();
    assertThat(stored.configId()).isEqualTo("small/c2/r48/s1/q8");
    assertThat(stored.deviceProfile()).isEqualTo("jetson-nano");
    assertThat(stored.serverQueueMicros()).isEqualTo(1_250L);
  }

  @Test
  void aRecordWithoutTheTierFieldsFromAnOlderProducerIsStoredWithNulls() throws Exception {
    String key = "listen-older";
    InferenceCompleted event = InferenceSamples.splitInference(key, 1);
    ObjectNode tree = json.valueToTree(event);
    // JSON as a producer wrote it before the fields existed: no keys at all, not null values
    tree.remove("deviceProfile");
    tree.remove("serverQueueMicros");
    assertThat(tree.has("deviceProfile")).isFalse();

    sendRaw(Topics.INFERENCE_COMPLETED, key, json.writeValueAsBytes(tree));

    await().atMost(WAIT).until(() -> repository.findById(event.eventId()).isPresent());
    StoredInference stored = repository.findById(event.eventId()).orElseThrow();
    assertThat(stored.deviceProfile()).isNull();
    assertThat(stored.serverQueueMicros()).isNull();
    assertThat(stored.linkProfile()).isEqualTo("wifi-20");
  }

  @Test
  void aRedeliveredEventIsStoredOnce() throws Exception {
    InferenceCompleted event = inference("listen-twice", 1);
    InferenceCompleted next = inference("listen-twice", 2);

    kafka.send(Topics.INFERENCE_COMPLETED, event.streamId(), event).get();
    kafka.send(Topics.INFERENCE_COMPLETED, event.streamId(), event).get();
    kafka.send(Topics.INFERENCE_COMPLETED, event.streamId(), next).get();

    // Same key, same partition: once the last one is stored the two copies have been consumed.
    await().atMost(WAIT).until(() -> repository.findById(next.eventId()).isPresent());
    assertThat(repository.findByStream("listen-twice", 0, 10).totalElements()).isEqualTo(2);
  }

  @Test
  void garbageGoesToTheDeadLetterTopicAndTheConsumerKeepsGoing() throws Exception {
    String key = "listen-garbage";
    byte[] garbage = "\u0000 this is not JSON {".getBytes(StandardCharsets.UTF_8);
    InferenceCompleted valid = inference(key, 1);

    sendRaw(Topics.INFERENCE_COMPLETED, key, garbage);
    kafka.send(Topics.INFERENCE_COMPLETED, key, valid).get();

    await().atMost(WAIT).until(() -> repository.findById(valid.eventId()).isPresent());
    ConsumerRecord<String, byte[]> dead =
        awaitRecord(Topics.deadLetter(Topics.INFERENCE_COMPLETED), key);
    assertThat(dead.value()).isEqualTo(garbage);
    assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(Topics.INFERENCE_COMPLETED);
    assertThat(header(dead, "kafka_dlt-exception-fqcn")).isNotBlank();
    assertThat(header(dead, "kafka_dlt-exception-message")).isNotBlank();
    assertThat(repository.findByStream(key, 0, 10).totalElements()).isEqualTo(1);
  }

  @Test
  void anEventWithInvalidFieldsGoesToTheDeadLetterTopic() throws Exception {
    String key = "listen-invalid";
    InferenceCompleted template = inference(key, 1);
    ObjectNode tree = json.valueToTree(template);
    tree.put("confidence", 1.5);
    byte[] invalid = json.writeValueAsBytes(tree);
    InferenceCompleted valid = inference(key, 2);

    sendRaw(Topics.INFERENCE_COMPLETED, key, invalid);
    kafka.send(Topics.INFERENCE_COMPLETED, key, valid).get();

    await().atMost(WAIT).until(() -> repository.findById(valid.eventId()).isPresent());
    ConsumerRecord<String, byte[]> dead =
        awaitRecord(Topics.deadLetter(Topics.INFERENCE_COMPLETED), key);
    assertThat(dead.value()).isEqualTo(invalid);
    // The deserialiser's message is generic; the record's own complaint is in the stack trace.
    assertThat(header(dead, "kafka_dlt-exception-stacktrace"))
        .contains("confidence must be in [0, 1], was 1.5");
    assertThat(repository.findById(template.eventId())).isEmpty();
  }

  @Test
  void declaresItsTopicsAndTheirDeadLetterTopics() throws Exception {
    try (var admin = AdminClient.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
      var topics =
          admin
              .describeTopics(
                  java.util.List.of(
                      Topics.INFERENCE_COMPLETED,
                      Topics.deadLetter(Topics.INFERENCE_COMPLETED),
                      Topics.POWER_SAMPLED,
                      Topics.deadLetter(Topics.POWER_SAMPLED),
                      Topics.OUTCOME_RECORDED,
                      Topics.deadLetter(Topics.OUTCOME_RECORDED)))
              .allTopicNames()
              .get();
      assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
    }
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
