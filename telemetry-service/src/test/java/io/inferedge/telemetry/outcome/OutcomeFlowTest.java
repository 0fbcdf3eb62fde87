package io.inferedge.telemetry.outcome;

import static io.inferedge.contracts.MeasurementSource.MEASURED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.closeTo;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.contracts.OutcomeRecorded;
import io.inferedge.contracts.Topics;
import io.inferedge.telemetry.Events;
import io.inferedge.telemetry.IntegrationTest;
import io.inferedge.telemetry.energy.EnergyAttribution.Coverage;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * Frames and power samples in over Kafka, outcomes out over Kafka: the running service with its
 * scheduled attribution job.
 */
class OutcomeFlowTest extends IntegrationTest {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final Instant T0 = Instant.parse("2026-11-26T09:00:00Z");

  @Autowired KafkaTemplate<Object, Object> kafka;
  @Autowired OutcomeRepository outcomes;
  @Autowired JsonMapper json;
  @Autowired MockMvc mvc;

  private static Instant ms(long millis) {
    return T0.plusMillis(millis);
  }

  @Test
  void aFrameAndItsPowerSamplesBecomeAPublishedOutcome() throws Exception {
    // 2.5 W over [20, 60] ms = 100 mJ.
    InferenceCompleted frame = Events.frame("flow-cam-1", "flow-dev-1", ms(20), ms(60));

    kafka.send(Topics.INFERENCE_COMPLETED, frame.streamId(), frame).get();
    kafka
        .send(
            Topics.POWER_SAMPLED,
            "flow-dev-1",
            Events.power("flow-dev-1", MEASURED, T0, 0, 2_500, 100, 2_500))
        .get();

    ConsumerRecord<String, byte[]> record = awaitRecord(Topics.OUTCOME_RECORDED, "flow-cam-1");
    OutcomeRecorded outcome = json.readValue(record.value(), OutcomeRecorded.class);
    assertThat(outcome.inferenceEventId()).isEqualTo(frame.eventId());
    assertThat(outcome.deviceEnergyMillijoules()).isCloseTo(100.0, within(1e-9));
    assertThat(outcome.energySource()).isEqualTo(MEASURED);
    assertThat(outcome.latencyMicros()).isEqualTo(frame.totalLatencyMicros());
    assertThat(outcome.correct()).isTrue();
    await()
        .atMost(WAIT)
        .until(() -> outcomes.findByInference(frame.eventId()).get().publishedAt() != null);

    mvc.perform(get("/api/v1/outcomes").param("streamId", "flow-cam-1"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.totalElements").value(1))
        .andExpect(jsonPath("$.content[0].inferenceEventId").value(frame.eventId().toString()))
        .andExpect(jsonPath("$.content[0].computeEnergyMillijoules").value(closeTo(100.0, 1e-9)))
        .andExpect(jsonPath("$.content[0].energySource").value("MEASURED"))
        .andExpect(jsonPath("$.content[0].coverage").value("SAMPLED"));
    mvc.perform(get("/api/v1/outcomes/{id}", frame.eventId()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.configId").value("nano/c3/r64/s1"));
  }

  @Test
  void anUnknownOrMalformedFrameIsAProblemNamingIt() throws Exception {
    mvc.perform(get("/api/v1/outcomes/{id}", java.util.UUID.randomUUID()))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.field").value("inferenceEventId"));
    mvc.perform(get("/api/v1/outcomes/not-a-uuid"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("inferenceEventId"));
    mvc.perform(get("/api/v1/outcomes"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("streamId"));
  }

  @Test
  void aFrameWhosePowerIsLateWaitsForItInsteadOfBeingDropped() throws Exception {
    InferenceCompleted frame = Events.frame("flow-cam-2", "flow-dev-2", ms(20), ms(60));
    kafka.send(Topics.INFERENCE_COMPLETED, frame.streamId(), frame).get();

    // Several runs of the job go by: the frame stays pending.
    await()
        .during(Duration.ofMillis(1_500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> outcomes.findByInference(frame.eventId()).isEmpty());

    // 3 W over [20, 60] ms = 120 mJ.
    kafka
        .send(
            Topics.POWER_SAMPLED,
            "flow-dev-2",
            Events.power("flow-dev-2", MEASURED, T0, 0, 3_000, 100, 3_000))
        .get();

    await().atMost(WAIT).until(() -> outcomes.findByInference(frame.eventId()).isPresent());
    StoredOutcome stored = outcomes.findByInference(frame.eventId()).orElseThrow();
    assertThat(stored.deviceEnergyMillijoules()).isCloseTo(120.0, within(1e-9));
    assertThat(stored.coverage()).isEqualTo(Coverage.SAMPLED);
    assertThat(stored.energySource()).isEqualTo(MEASURED);
  }
}
