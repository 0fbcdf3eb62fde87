package io.inferedge.policy.online;

import static org.awaitility.Awaitility.await;

import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.OutcomeRecorded;
import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import io.inferedge.contracts.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Synthetic live data for online-learning tests: decision rows written as the decision log writes
 * them, and outcomes sent to the real {@code OutcomeRecorded} topic (stored by the listener).
 */
final class LiveData {

  private final JdbcClient jdbc;
  private final KafkaTemplate<String, Object> kafka;

  LiveData(JdbcClient jdbc, KafkaTemplate<String, Object> kafka) {
    this.jdbc = jdbc;
    this.kafka = kafka;
  }

  /** Logs a decision made now (microseconds, as stored) with a jetson-tx2 state; its time. */
  Instant decision(String stream, String version, Plan plan, StreamRequirements r) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    jdbc.sql(
            """
            INSERT INTO decision (decision_id, stream_id, config_id, model_version, cut_point,
                input_resolution, frame_skip, policy_version, latency_slo_millis, accuracy_floor,
                latency_weight, accuracy_weight, energy_weight, decided_at, device, bandwidth_mbps,
                previous_bandwidth_mbps, rtt_ms, server_load, scene_cuts_per_second, motion,
                last_config_id, last_latency_ms, last_slo_miss_rate)
            VALUES (:id, :stream, :config, :model, :cut, :resolution, :skip, :version, :slo,
                :floor, :lw, :aw, :ew, :at, 'jetson-tx2', 18, 16, 12, 0.3, 0.2, 0.25,
                'small/c4/r32/s2', 4, 0)
            """)
        .param("id", UUID.randomUUID())
        .param("stream", stream)
        .param("config", plan.configId())
        .param("model", plan.modelVersion())
        .param("cut", plan.cutPoint())
        .param("resolution", plan.inputResolution())
        .param("skip", plan.frameSkip())
        .param("version", version)
        .param("slo", r.latencySloMillis())
        .param("floor", r.accuracyFloor())
        .param("lw", r.latencyWeight())
        .param("aw", r.accuracyWeight())
        .param("ew", r.energyWeight())
        .param("at", at.atOffset(ZoneOffset.UTC))
        .update();
    return at;
  }

  /** Sends one outcome of {@code plan} on {@code stream}, {@code offsetMillis} after {@code at}. */
  void outcome(
      String stream,
      Plan plan,
      Instant at,
      long offsetMillis,
      long latencyMicros,
      Boolean correct,
      double energyMj) {
    kafka.send(
        Topics.OUTCOME_RECORDED,
        stream,
        new OutcomeRecorded(
            UUID.randomUUID(),
            at.plusMillis(offsetMillis),
            OutcomeRecorded.SCHEMA_VERSION,
            UUID.randomUUID(),
            stream,
            offsetMillis,
            plan,
            latencyMicros,
            correct,
            energyMj,
            MeasurementSource.EMULATED));
  }

  /** Waits until the stream has {@code count} stored outcomes. */
  void awaitStored(String stream, long count) {
    kafka.flush();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.sql("SELECT count(*) FROM outcome WHERE stream_id = :s")
                        .param("s", stream)
                        .query(Long.class)
                        .single()
                    >= count);
  }
}
