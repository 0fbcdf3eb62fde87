package io.inferedge.telemetry.power;

import static io.inferedge.contracts.MeasurementSource.MEASURED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inferedge.contracts.PowerSampled;
import io.inferedge.contracts.Topics;
import io.inferedge.telemetry.Events;
import io.inferedge.telemetry.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@link PowerListener} between a real broker and a real database. */
class PowerListenerTest extends IntegrationTest {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

  @Autowired KafkaTemplate<Object, Object> kafka;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;

  private long samples(String device) {
    return jdbc.sql("SELECT count(*) FROM power_sample WHERE device_id = :d")
        .param("d", device)
        .query(Long.class)
        .single();
  }

  @Test
  void storesPublishedBatchesOnceEach() throws Exception {
    PowerSampled first = Events.power("pl-dev", MEASURED, T0, 0, 1_000, 100, 1_100);
    PowerSampled second = Events.power("pl-dev", MEASURED, T0, 200, 1_200);

    kafka.send(Topics.POWER_SAMPLED, "pl-dev", first).get();
    kafka.send(Topics.POWER_SAMPLED, "pl-dev", first).get();
    kafka.send(Topics.POWER_SAMPLED, "pl-dev", second).get();

    await().atMost(WAIT).until(() -> samples("pl-dev") == 3);
    assertThat(
            jdbc.sql("SELECT count(*) FROM power_batch WHERE device_id = 'pl-dev'")
                .query(Long.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void aBatchWithSamplesOutOfOrderGoesToTheDeadLetterTopicWithTheReason() throws Exception {
    PowerSampled template = Events.power("pl-poison", MEASURED, T0, 0, 1_000, 100, 1_100);
    ObjectNode tree = json.valueToTree(template);
    ((ObjectNode) tree.get("samples").get(1)).put("sampledAt", "2026-11-26T07:00:00Z");
    byte[] invalid = json.writeValueAsBytes(tree);
    PowerSampled valid = Events.power("pl-poison", MEASURED, T0, 300, 1_000);

    sendRaw(Topics.POWER_SAMPLED, "pl-poison", invalid);
    kafka.send(Topics.POWER_SAMPLED, "pl-poison", valid).get();

    await().atMost(WAIT).until(() -> samples("pl-poison") == 1);
    ConsumerRecord<String, byte[]> dead =
        awaitRecord(Topics.deadLetter(Topics.POWER_SAMPLED), "pl-poison");
    assertThat(dead.value()).isEqualTo(invalid);
    assertThat(
            new String(
                dead.headers().lastHeader("kafka_dlt-exception-stacktrace").value(),
                StandardCharsets.UTF_8))
        .contains("samples must be in time order");
  }
}
