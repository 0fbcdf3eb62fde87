package io.inferedge.telemetry.outcome;

import static io.inferedge.contracts.MeasurementSource.MEASURED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.contracts.Plan;
import io.inferedge.contracts.Topics;
import io.inferedge.telemetry.Events;
import io.inferedge.telemetry.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Outcomes as the documented meters (docs/metrics.md) on {@code /actuator/prometheus}: frames and
 * power samples in over a real Kafka, attributed into PostgreSQL by the running job, then the
 * latency histogram's SLO buckets, the correctness counter, the energy summary with its source, and
 * the consumers' lag, scraped with the admin key.
 */
class OutcomeMetricsTest extends IntegrationTest {

  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  @Autowired KafkaTemplate<Object, Object> kafka;
  @Autowired OutcomeRepository outcomes;
  @Autowired MockMvc mvc;

  @Test
  void outcomesAppearAsLatencyBucketsCorrectnessAndEnergyPerStream() throws Exception {
    Plan plan = new Plan("nano", 3, 64, 1);
    // Label 3 for both: the first is right (41.1 ms, 100 mJ), the second wrong (21.1 ms, 50 mJ).
    InferenceCompleted slow =
        Events.frame("metrics-cam", 0, "metrics-dev", plan, ms(20), ms(60), 3, 0, 5_796.0);
    InferenceCompleted fast =
        Events.frame("metrics-cam", 1, "metrics-dev", plan, ms(70), ms(90), 5, 0, 5_796.0);
    kafka.send(Topics.INFERENCE_COMPLETED, "metrics-cam", slow).get();
    kafka.send(Topics.INFERENCE_COMPLETED, "metrics-cam", fast).get();
    kafka
        .send(
            Topics.POWER_SAMPLED,
            "metrics-dev",
            Events.power("metrics-dev", MEASURED, T0, 0, 2_500, 100, 2_500))
        .get();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                outcomes.findByInference(slow.eventId()).isPresent()
                    && outcomes.findByInference(fast.eventId()).isPresent());

    assertThat(mvc.perform(get("/actuator/prometheus")).andReturn().getResponse().getStatus())
        .isEqualTo(401);
    String scrape = scrape();
    String stream = "stream=\"metrics-cam\"";
    assertThat(scrape)
        .contains("telemetry_outcome_latency_seconds_bucket{" + stream + ",le=\"0.02\"} 0")
        .contains("telemetry_outcome_latency_seconds_bucket{" + stream + ",le=\"0.033\"} 1")
        .contains("telemetry_outcome_latency_seconds_bucket{" + stream + ",le=\"0.05\"} 2")
        .contains("telemetry_outcome_latency_seconds_bucket{" + stream + ",le=\"0.1\"} 2")
        .contains("telemetry_outcome_latency_seconds_count{" + stream + "} 2")
        .contains("telemetry_outcome_frames_total{correct=\"true\"," + stream + "} 1.0")
        .contains("telemetry_outcome_frames_total{correct=\"false\"," + stream + "} 1.0")
        .contains(
            "telemetry_outcome_energy_millijoules_count{source=\"measured\"," + stream + "} 2")
        .contains(
            "telemetry_outcome_energy_millijoules_sum{source=\"measured\"," + stream + "} 150.0")
        .contains(
            "telemetry_outcome_energy_millijoules_count{source=\"emulated\"," + stream + "} 0")
        .containsPattern(
            "kafka_consumer_fetch_manager_records_lag_max\\{client_id=\"consumer-telemetry-service-");
  }

  private String scrape() throws Exception {
    var response =
        mvc.perform(get("/actuator/prometheus").header("X-API-Key", ADMIN_KEY))
            .andReturn()
            .getResponse();
    assertThat(response.getStatus()).isEqualTo(200);
    return response.getContentAsString();
  }

  private static Instant ms(long millis) {
    return T0.plusMillis(millis);
  }
}
