package io.inferedge.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inferedge.contracts.DecisionMade;
import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.OutcomeRecorded;
import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import io.inferedge.contracts.Topics;
import io.inferedge.policy.IntegrationTest;
import io.inferedge.policy.online.LiveRewards;
import io.inferedge.policy.online.LiveSummary;
import io.inferedge.support.kafka.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link DecisionListener} between a real broker and a real database: the gateway's published
 * decisions become decision-log rows once each, bad records go to the dead-letter topic with their
 * reason, and online learning's live rewards then count the outcomes of those decisions.
 */
class DecisionListenerTest extends IntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Plan PLAN = Plan.parse("nano/c3/r64/s1");

  @Autowired KafkaTemplate<Object, Object> kafka;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;
  @Autowired LiveRewards rewards;

  @Test
  void publishedDecisionsAreLoggedOnceAndTheirOutcomesCountInTheLiveReward() throws Exception {
    String stream = "published-" + System.nanoTime();
    String version = Long.toString(1_000_000 + System.nanoTime() % 1_000_000);
    Instant decidedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    DecisionMade decision = decision(stream, version, decidedAt);
    DecisionMade next = decision(stream, version, decidedAt.plusMillis(1));

    kafka.send(Topics.DECISION_MADE, stream, decision).get();
    kafka.send(Topics.DECISION_MADE, stream, decision).get();
    kafka.send(Topics.DECISION_MADE, stream, next).get();

    // Same key, same partition: once the last one is logged the copies have been consumed.
    await().atMost(WAIT).until(() -> rows(next.decisionId()) == 1);
    assertThat(rows(decision.decisionId())).isEqualTo(1);
    Map<String, Object> row =
        jdbc.sql("SELECT * FROM decision WHERE decision_id = :id")
            .param("id", decision.decisionId())
            .query()
            .singleRow();
    assertThat(row)
        .containsEntry("stream_id", stream)
        .containsEntry("config_id", "nano/c3/r64/s1")
        .containsEntry("policy_version", version)
        .containsEntry("latency_slo_millis", 100L)
        .containsEntry("device", "jetson-tx2")
        .containsEntry("bandwidth_mbps", 18.5)
        .containsEntry("rtt_ms", 12.25)
        .containsEntry("last_config_id", "small/c2/r48/s1")
        .containsEntry("last_slo_miss_rate", 0.25);

    for (int i = 1; i <= 4; i++) {
      kafka.send(Topics.OUTCOME_RECORDED, stream, outcome(stream, decidedAt.plusMillis(10 * i), i));
    }
    kafka.flush();

    LiveSummary live =
        await()
            .atMost(WAIT)
            .until(
                () -> rewards.summary(version, decidedAt, decidedAt.plusSeconds(60)),
                s -> s.frames() == 4);
    // All four outcomes join the later decision of the same plan: one decision window.
    assertThat(live.decisions()).isEqualTo(1);
    assertThat(live.reward()).isNotNull();
  }

  @Test
  void anInvalidDecisionGoesToTheDeadLetterTopicWithTheReason() throws Exception {
    String stream = "published-invalid";
    DecisionMade template = decision(stream, "3", Instant.now().truncatedTo(ChronoUnit.MICROS));
    ObjectNode tree = json.valueToTree(template);
    ((ObjectNode) tree.get("state")).put("serverLoad", 1.5);
    byte[] invalid = json.writeValueAsBytes(tree);
    DecisionMade valid = decision(stream, "3", template.decidedAt().plusMillis(1));

    sendRaw(Topics.DECISION_MADE, stream, invalid);
    kafka.send(Topics.DECISION_MADE, stream, valid).get();

    await().atMost(WAIT).until(() -> rows(valid.decisionId()) == 1);
    ConsumerRecord<String, byte[]> dead =
        awaitRecord(Topics.deadLetter(Topics.DECISION_MADE), stream);
    assertThat(dead.value()).isEqualTo(invalid);
    assertThat(header(dead, DeadLetters.REASON_HEADER))
        .contains("serverLoad must be in [0, 1], was 1.5");
    assertThat(rows(template.decisionId())).isZero();
  }

  @Test
  void declaresTheTopicAndItsDeadLetterTopic() throws Exception {
    try (var admin = AdminClient.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
      var topics =
          admin
              .describeTopics(
                  List.of(Topics.DECISION_MADE, Topics.deadLetter(Topics.DECISION_MADE)))
              .allTopicNames()
              .get();
      assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
    }
  }

  private long rows(UUID decisionId) {
    return jdbc.sql("SELECT count(*) FROM decision WHERE decision_id = :id")
        .param("id", decisionId)
        .query(Long.class)
        .single();
  }

  private static DecisionMade decision(String stream, String version, Instant at) {
    return new DecisionMade(
        UUID.randomUUID(),
        at,
        DecisionMade.SCHEMA_VERSION,
        UUID.randomUUID(),
        stream,
        PLAN,
        PLAN.configId(),
        version,
        "in-process",
        StreamRequirements.LATENCY_FIRST,
        at,
        new DecisionMade.State(
            "jetson-tx2", 18.5, 16.0, 12.25, 0.3, 0.5, 0.125, "small/c2/r48/s1", 41.5, 0.25));
  }

  private static OutcomeRecorded outcome(String stream, Instant at, long frameSeq) {
    return new OutcomeRecorded(
        UUID.randomUUID(),
        at,
        OutcomeRecorded.SCHEMA_VERSION,
        UUID.randomUUID(),
        stream,
        frameSeq,
        PLAN,
        30_000,
        frameSeq % 2 == 0,
        20,
        MeasurementSource.EMULATED);
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
