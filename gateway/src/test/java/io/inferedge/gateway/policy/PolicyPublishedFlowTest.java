package io.inferedge.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inferedge.contracts.PolicyPublished;
import io.inferedge.contracts.PolicyPublished.ActionHead;
import io.inferedge.contracts.PolicyPublished.DenseLayer;
import io.inferedge.contracts.Topics;
import io.inferedge.gateway.Http;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code policy.published} on a real (embedded) broker reaching {@code GET /api/v1/gateway/policy},
 * and poison records going to the dead-letter topic without stopping the listener.
 */
@EmbeddedKafka
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
      Http.TEST_KEY_PROPERTY,
      Http.ADMIN_KEY_PROPERTY
    })
class PolicyPublishedFlowTest {

  /** All records share a key, so they land on one partition and are consumed in order. */
  static final String KEY = "policy";

  @LocalServerPort int port;
  @Autowired KafkaTemplate<Object, Object> kafka;
  @Autowired EmbeddedKafkaBroker broker;
  @Autowired JsonMapper json;

  @Test
  void publishedPolicyBecomesActiveAndAnOlderOneDoesNotReplaceIt() throws Exception {
    Instant now = Instant.now();
    kafka.send(Topics.POLICY_PUBLISHED, KEY, policy(10, now)).get();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(activePolicy().get("policyVersion").asLong()).isEqualTo(10));
    JsonNode active = activePolicy();
    assertThat(active.get("algorithm").asString()).isEqualTo("a2c");
    assertThat(active.get("stateFeatures").get(0).asString()).isEqualTo("bandwidthMbps");
    assertThat(active.get("actionHeads").get(0).get("name").asString()).isEqualTo("model");
    assertThat(active.get("actorLayers").asInt()).isEqualTo(1);
    assertThat(active.get("receivedAt").isNull()).isFalse();

    // An activation that happened earlier (delivered late) must not replace the newer policy.
    kafka.send(Topics.POLICY_PUBLISHED, KEY, policy(9, now.minusSeconds(3600))).get();
    kafka.send(Topics.POLICY_PUBLISHED, KEY, policy(11, now.plusMillis(1))).get();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(activePolicy().get("policyVersion").asLong()).isEqualTo(11));
    // The version held is the gauge gateway.policy.version (docs/metrics.md).
    var scrape = new Http(port, Http.ADMIN_KEY).get("/actuator/prometheus");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body()).contains("gateway_policy_version 11.0");
  }

  @Test
  void poisonRecordsGoToTheDeadLetterTopicAndTheNextRecordIsStillApplied() throws Exception {
    byte[] garbage = "not json at all {".getBytes(StandardCharsets.UTF_8);
    byte[] invalid =
        json.writeValueAsString(policy(1, Instant.now()))
            .replace("\"policyVersion\":1", "\"policyVersion\":0")
            .getBytes(StandardCharsets.UTF_8);
    try (var bytes =
        new KafkaProducer<>(
            KafkaTestUtils.producerProps(broker),
            new StringSerializer(),
            new ByteArraySerializer())) {
      bytes.send(new ProducerRecord<>(Topics.POLICY_PUBLISHED, KEY, garbage)).get();
      bytes.send(new ProducerRecord<>(Topics.POLICY_PUBLISHED, KEY, invalid)).get();
    }
    kafka.send(Topics.POLICY_PUBLISHED, KEY, policy(20, Instant.now())).get();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(activePolicy().get("policyVersion").asLong()).isEqualTo(20));

    var props = KafkaTestUtils.consumerProps(broker, "dlt-reader-" + UUID.randomUUID(), false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<byte[]> deadLetters = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.deadLetter(Topics.POLICY_PUBLISHED)));
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> deadLetters.add(r.value()));
                assertThat(deadLetters).contains(garbage, invalid);
              });
    }
  }

  @Test
  void readinessIncludesKafka() throws Exception {
    var response = new Http(port).get("/actuator/health/readiness");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode health = json.readTree(response.body());
    assertThat(health.get("status").asString()).isEqualTo("UP");
    assertThat(health.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
  }

  private JsonNode activePolicy() {
    var response = new Http(port).get("/api/v1/gateway/policy");
    assertThat(response.statusCode()).isEqualTo(200);
    return json.readTree(response.body());
  }

  static PolicyPublished policy(long version, Instant activatedAt) {
    return new PolicyPublished(
        UUID.randomUUID(),
        activatedAt,
        PolicyPublished.SCHEMA_VERSION,
        version,
        "a2c",
        List.of("bandwidthMbps"),
        List.of(new ActionHead("model", List.of("nano", "small"))),
        List.of(new DenseLayer(1, 2, "linear", List.of(0.5f, -0.5f), List.of(0f, 0f))));
  }
}
