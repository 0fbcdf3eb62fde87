package io.inferedge.policy.outcome;

import static io.inferedge.policy.outcome.OutcomeSamples.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inferedge.contracts.OutcomeRecorded;
import io.inferedge.contracts.Topics;
import io.inferedge.policy.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@link OutcomeListener} between a real broker and a real database. */
class OutcomeListenerTest extends IntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired KafkaTemplate<Object, Object> kafka;
  @Autowired OutcomeRepository repository;
  @Autowired JsonMapper json;

  @Test
  void storesAPublishedOutcomeOnceEvenWhenRedelivered() throws Exception {
    OutcomeRecorded outcome = outcome("listen-twice", 1, true);
    OutcomeRecorded next = outcome("listen-twice", 2, null);

    kafka.send(Topics.OUTCOME_RECORDED, outcome.streamId(), outcome).get();
    kafka.send(Topics.OUTCOME_RECORDED, outcome.streamId(), outcome).get();
    kafka.send(Topics.OUTCOME_RECORDED, next.streamId(), next).get();

    // Same key, same partition: once the last one is stored the two copies have been consumed.
    await().atMost(WAIT).until(() -> repository.findById(next.eventId()).isPresent());
    assertThat(repository.findRecent("listen-twice", 10)).containsExactly(next, outcome);
  }

  @Test
  void garbageGoesToTheDeadLetterTopicAndTheConsumerKeepsGoing() throws Exception {
    String key = "listen-garbage";
    byte[] garbage = "{\"eventId\": oops".getBytes(StandardCharsets.UTF_8);
    OutcomeRecorded valid = outcome(key, 1, false);

    sendRaw(Topics.OUTCOME_RECORDED, key, garbage);
    kafka.send(Topics.OUTCOME_RECORDED, key, valid).get();

    await().atMost(WAIT).until(() -> repository.findById(valid.eventId()).isPresent());
    ConsumerRecord<String, byte[]> dead =
        awaitRecord(Topics.deadLetter(Topics.OUTCOME_RECORDED), key);
    assertThat(dead.value()).isEqualTo(garbage);
    assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(Topics.OUTCOME_RECORDED);
    assertThat(header(dead, "kafka_dlt-exception-fqcn")).isNotBlank();
    assertThat(header(dead, "kafka_dlt-exception-message")).isNotBlank();
  }

  @Test
  void anOutcomeWithInvalidFieldsGoesToTheDeadLetterTopic() throws Exception {
    String key = "listen-invalid";
    OutcomeRecorded template = outcome(key, 1, true);
    ObjectNode tree = json.valueToTree(template);
    tree.put("deviceEnergyMillijoules", -3.0);
    byte[] invalid = json.writeValueAsBytes(tree);
    OutcomeRecorded valid = outcome(key, 2, true);

    sendRaw(Topics.OUTCOME_RECORDED, key, invalid);
    kafka.send(Topics.OUTCOME_RECORDED, key, valid).get();

    await().atMost(WAIT).until(() -> repository.findById(valid.eventId()).isPresent());
    ConsumerRecord<String, byte[]> dead =
        awaitRecord(Topics.deadLetter(Topics.OUTCOME_RECORDED), key);
    assertThat(dead.value()).isEqualTo(invalid);
    assertThat(header(dead, "kafka_dlt-exception-stacktrace"))
        .contains("deviceEnergyMillijoules must be a finite number >= 0");
    assertThat(repository.findById(template.eventId())).isEmpty();
  }

  @Test
  void declaresItsTopicsAndTheirDeadLetterTopics() throws Exception {
    try (var admin = AdminClient.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
      var topics =
          admin
              .describeTopics(
                  List.of(
                      Topics.POLICY_PUBLISHED,
                      Topics.deadLetter(Topics.POLICY_PUBLISHED),
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
