package io.inferedge.telemetry.outcome;

import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.Plan;
import io.inferedge.support.web.PageResponse;
import io.inferedge.telemetry.energy.EnergyAttribution;
import io.inferedge.telemetry.energy.EnergyAttribution.Coverage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The attribution's reads and writes: the ready frames of {@code pending_frame}, the frames and
 * power samples around them, the {@code outcome} rows and their outbox state. Callers hold the
 * transaction. Thread-safe (stateless over a pooled {@link JdbcClient}).
 */
@Component
final class OutcomeRepository {

  /** How far back the overlap search looks for frames that started before a frame. */
  static final java.time.Duration OVERLAP_LOOKBACK = java.time.Duration.ofMinutes(5);

  private static final List<String> COLUMNS =
      List.of(
          "inference_event_id",
          "event_id",
          "occurred_at",
          "recorded_at",
          "stream_id",
          "frame_seq",
          "device_id",
          "config_id",
          "model_version",
          "cut_point",
          "input_resolution",
          "frame_skip",
          "link_profile",
          "latency_micros",
          "correct",
          "compute_energy_mj",
          "compute_source",
          "radio_energy_mj",
          "device_energy_mj",
          "energy_source",
          "coverage");

  static final int ROWS_PER_STATEMENT = 1_000;

  private static final String ROW =
      "(" + String.join(", ", Collections.nCopies(COLUMNS.size(), "?")) + ")";

  private final JdbcClient jdbc;

  OutcomeRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Takes the transaction-scoped lock of the attribution, so that two instances of the service do
   * not attribute at the same time; false when another holds it.
   */
  boolean tryLock() {
    return Boolean.TRUE.equals(
        jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtext('telemetry.outcomes'))")
            .query(Boolean.class)
            .single());
  }

  /**
   * Locks and returns up to {@code limit} pending frames that are ready, oldest first: their device
   * has a power sample at or after the end of their compute interval (samples of a device arrive in
   * order, so none is missing before it), or they arrived at or before {@code deadline} and have
   * waited long enough.
   */
  List<PendingFrame> claimReady(Instant deadline, int limit) {
    return jdbc.sql(
            """
            WITH latest AS (
              SELECT d.device_id,
                     (SELECT max(s.sampled_at) FROM power_sample s
                      WHERE s.device_id = d.device_id) AS sampled_at
              FROM (SELECT DISTINCT device_id FROM pending_frame) d)
            SELECT p.event_id, p.device_id, p.compute_started_at, p.compute_ended_at
            FROM pending_frame p JOIN latest l ON l.device_id = p.device_id
            WHERE p.compute_ended_at <= l.sampled_at OR p.received_at <= :deadline
            ORDER BY p.received_at
            LIMIT :limit
            FOR UPDATE OF p SKIP LOCKED
            """)
        .param("deadline", timestamp(deadline))
        .param("limit", limit)
        .query(
            (rs, i) ->
                new PendingFrame(
                    rs.getObject("event_id", UUID.class),
                    rs.getString("device_id"),
                    instant(rs, "compute_started_at"),
                    instant(rs, "compute_ended_at")))
        .list();
  }

  /** The stored inferences of {@code ids} (those that still exist). */
  List<FrameFacts> facts(Collection<UUID> ids) {
    return jdbc.sql(
            """
            SELECT event_id, occurred_at, stream_id, frame_seq, device_id, config_id,
                   model_version, cut_point, input_resolution, frame_skip, link_profile,
                   radio_transmit_mw, total_latency_micros, correct, transfer_micros,
                   device_compute_started_at, device_compute_ended_at
            FROM inference WHERE event_id = ANY(:ids::uuid[])
            """)
        .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
        .query(
            (rs, i) ->
                new FrameFacts(
                    rs.getObject("event_id", UUID.class),
                    instant(rs, "occurred_at"),
                    rs.getString("stream_id"),
                    rs.getLong("frame_seq"),
                    rs.getString("device_id"),
                    plan(rs),
                    rs.getString("config_id"),
                    rs.getString("link_profile"),
                    rs.getObject("radio_transmit_mw", Double.class),
                    rs.getLong("total_latency_micros"),
                    rs.getObject("correct", Boolean.class),
                    rs.getLong("transfer_micros"),
                    instant(rs, "device_compute_started_at"),
                    instant(rs, "device_compute_ended_at")))
        .list();
  }

  /** Every stored frame of {@code deviceId} whose compute interval overlaps [from, to]. */
  List<EnergyAttribution.Frame> deviceFrames(String deviceId, Instant from, Instant to) {
    return jdbc.sql(
            """
            SELECT event_id, device_compute_started_at, device_compute_ended_at FROM inference
            WHERE device_id = :device
              AND device_compute_started_at >= :lookback AND device_compute_started_at <= :to
              AND device_compute_ended_at >= :from
            """)
        .param("device", deviceId)
        .param("lookback", timestamp(from.minus(OVERLAP_LOOKBACK)))
        .param("from", timestamp(from))
        .param("to", timestamp(to))
        .query(
            (rs, i) ->
                new EnergyAttribution.Frame(
                    rs.getObject("event_id", UUID.class),
                    instant(rs, "device_compute_started_at"),
                    instant(rs, "device_compute_ended_at")))
        .list();
  }

  /**
   * The power samples of {@code deviceId} over [from, to], together with the last one before and
   * the first one after it; where there is none, those within {@code slack} of it.
   */
  List<EnergyAttribution.Sample> samples(
      String deviceId, Instant from, Instant to, java.time.Duration slack) {
    return jdbc.sql(
            """
            SELECT sampled_at, power_mw, source FROM power_sample
            WHERE device_id = :device
              AND sampled_at >= coalesce(
                    (SELECT max(sampled_at) FROM power_sample
                     WHERE device_id = :device AND sampled_at <= :from), :fromSlack)
              AND sampled_at <= coalesce(
                    (SELECT min(sampled_at) FROM power_sample
                     WHERE device_id = :device AND sampled_at >= :to), :toSlack)
            ORDER BY sampled_at
            """)
        .param("device", deviceId)
        .param("from", timestamp(from))
        .param("to", timestamp(to))
        .param("fromSlack", timestamp(from.minus(slack)))
        .param("toSlack", timestamp(to.plus(slack)))
        .query(
            (rs, i) ->
                new EnergyAttribution.Sample(
                    instant(rs, "sampled_at"),
                    rs.getDouble("power_mw"),
                    MeasurementSource.valueOf(rs.getString("source"))))
        .list();
  }

  /** Stores outcomes, skipping frames that already have one. */
  int insert(List<StoredOutcome> outcomes) {
    int inserted = 0;
    for (int from = 0; from < outcomes.size(); from += ROWS_PER_STATEMENT) {
      List<StoredOutcome> chunk =
          outcomes.subList(from, Math.min(outcomes.size(), from + ROWS_PER_STATEMENT));
      var sql = new StringBuilder("INSERT INTO outcome (").append(String.join(", ", COLUMNS));
      sql.append(") VALUES ");
      var params = new ArrayList<Object>(chunk.size() * COLUMNS.size());
      for (int i = 0; i < chunk.size(); i++) {
        sql.append(i == 0 ? ROW : ", " + ROW);
        params.addAll(row(chunk.get(i)));
      }
      sql.append(" ON CONFLICT (inference_event_id) DO NOTHING");
      inserted += jdbc.sql(sql.toString()).params(params).update();
    }
    return inserted;
  }

  private static List<Object> row(StoredOutcome o) {
    return Arrays.asList(
        o.inferenceEventId(),
        o.eventId(),
        timestamp(o.occurredAt()),
        timestamp(o.recordedAt()),
        o.streamId(),
        o.frameSeq(),
        o.deviceId(),
        o.configId(),
        o.plan().modelVersion(),
        o.plan().cutPoint(),
        o.plan().inputResolution(),
        o.plan().frameSkip(),
        new SqlParameterValue(Types.VARCHAR, o.linkProfile()),
        o.latencyMicros(),
        new SqlParameterValue(Types.BOOLEAN, o.correct()),
        o.computeEnergyMillijoules(),
        o.computeSource().name(),
        o.radioEnergyMillijoules(),
        o.deviceEnergyMillijoules(),
        o.energySource().name(),
        o.coverage().name());
  }

  void deletePending(Collection<UUID> ids) {
    jdbc.sql("DELETE FROM pending_frame WHERE event_id = ANY(:ids::uuid[])")
        .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
        .update();
  }

  /** Up to {@code limit} outcomes not yet on Kafka, oldest first. */
  List<StoredOutcome> unpublished(int limit) {
    return jdbc.sql(
            "SELECT * FROM outcome WHERE published_at IS NULL ORDER BY recorded_at LIMIT :limit")
        .param("limit", limit)
        .query(OutcomeRepository::map)
        .list();
  }

  void markPublished(Collection<UUID> inferenceEventIds, Instant at) {
    jdbc.sql("UPDATE outcome SET published_at = :at WHERE inference_event_id = ANY(:ids::uuid[])")
        .param("at", timestamp(at))
        .param("ids", inferenceEventIds.stream().map(UUID::toString).toArray(String[]::new))
        .update();
  }

  /** One page of a stream's outcomes, newest frame first. */
  PageResponse<StoredOutcome> findByStream(String streamId, int page, int size) {
    List<StoredOutcome> content =
        jdbc.sql(
                """
                SELECT * FROM outcome WHERE stream_id = :streamId
                ORDER BY occurred_at DESC, frame_seq DESC, inference_event_id
                LIMIT :limit OFFSET :offset
                """)
            .param("streamId", streamId)
            .param("limit", size)
            .param("offset", (long) page * size)
            .query(OutcomeRepository::map)
            .list();
    long total =
        jdbc.sql("SELECT count(*) FROM outcome WHERE stream_id = :streamId")
            .param("streamId", streamId)
            .query(Long.class)
            .single();
    return new PageResponse<>(content, page, size, total);
  }

  Optional<StoredOutcome> findByInference(UUID inferenceEventId) {
    return jdbc.sql("SELECT * FROM outcome WHERE inference_event_id = :id")
        .param("id", inferenceEventId)
        .query(OutcomeRepository::map)
        .optional();
  }

  long countPending() {
    return jdbc.sql("SELECT count(*) FROM pending_frame").query(Long.class).single();
  }

  private static StoredOutcome map(ResultSet rs, int rowNum) throws SQLException {
    OffsetDateTime published = rs.getObject("published_at", OffsetDateTime.class);
    return new StoredOutcome(
        rs.getObject("inference_event_id", UUID.class),
        rs.getObject("event_id", UUID.class),
        instant(rs, "occurred_at"),
        instant(rs, "recorded_at"),
        rs.getString("stream_id"),
        rs.getLong("frame_seq"),
        rs.getString("device_id"),
        plan(rs),
        rs.getString("config_id"),
        rs.getString("link_profile"),
        rs.getLong("latency_micros"),
        rs.getObject("correct", Boolean.class),
        rs.getDouble("compute_energy_mj"),
        MeasurementSource.valueOf(rs.getString("compute_source")),
        rs.getDouble("radio_energy_mj"),
        rs.getDouble("device_energy_mj"),
        MeasurementSource.valueOf(rs.getString("energy_source")),
        Coverage.valueOf(rs.getString("coverage")),
        published == null ? null : published.toInstant());
  }

  private static Plan plan(ResultSet rs) throws SQLException {
    // the config id is the plan's full identity, precision included
    return Plan.parse(rs.getString("config_id"));
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }
}
