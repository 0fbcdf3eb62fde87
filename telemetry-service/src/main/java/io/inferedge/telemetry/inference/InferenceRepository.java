package io.inferedge.telemetry.inference;

import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.contracts.Plan;
import io.inferedge.support.web.PageResponse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The {@code inference} table: idempotent multi-row inserts and the per-stream queries. Thread-safe
 * (stateless over a pooled {@link JdbcClient}).
 */
@Component
final class InferenceRepository {

  private static final List<String> COLUMNS =
      List.of(
          "event_id",
          "occurred_at",
          "schema_version",
          "stream_id",
          "frame_seq",
          "device_id",
          "config_id",
          "model_version",
          "cut_point",
          "input_resolution",
          "frame_skip",
          "predicted_label",
          "confidence",
          "scores",
          "ground_truth_label",
          "correct",
          "preprocess_micros",
          "device_compute_micros",
          "transfer_micros",
          "server_compute_micros",
          "total_latency_micros",
          "bytes_sent",
          "device_compute_started_at",
          "device_compute_ended_at");

  /** Rows per INSERT statement, far below PostgreSQL's 65535 bind parameters per statement. */
  static final int ROWS_PER_STATEMENT = 1_000;

  private static final String ROW =
      "(" + String.join(", ", Collections.nCopies(COLUMNS.size(), "?")) + ")";

  private final JdbcClient jdbc;
  private final TransactionOperations transactions;

  InferenceRepository(JdbcClient jdbc, TransactionOperations transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  /**
   * Stores the events in one transaction, skipping any whose {@code eventId} is already stored (a
   * redelivery) or repeated within {@code events}.
   *
   * @return how many rows were inserted
   */
  int storeAll(List<InferenceCompleted> events) {
    if (events.isEmpty()) {
      return 0;
    }
    Integer stored =
        transactions.execute(
            status -> {
              int inserted = 0;
              for (int from = 0; from < events.size(); from += ROWS_PER_STATEMENT) {
                inserted +=
                    insert(
                        events.subList(from, Math.min(events.size(), from + ROWS_PER_STATEMENT)));
              }
              return inserted;
            });
    return stored == null ? 0 : stored;
  }

  private int insert(List<InferenceCompleted> events) {
    var sql = new StringBuilder("INSERT INTO inference (").append(String.join(", ", COLUMNS));
    sql.append(") VALUES ");
    var params = new ArrayList<Object>(events.size() * COLUMNS.size());
    for (int i = 0; i < events.size(); i++) {
      sql.append(i == 0 ? ROW : ", " + ROW);
      params.addAll(row(events.get(i)));
    }
    sql.append(" ON CONFLICT (event_id) DO NOTHING");
    return jdbc.sql(sql.toString()).params(params).update();
  }

  private static List<Object> row(InferenceCompleted e) {
    Plan plan = e.plan();
    return Arrays.asList(
        e.eventId(),
        timestamp(e.occurredAt()),
        e.schemaVersion(),
        e.streamId(),
        e.frameSeq(),
        e.deviceId(),
        plan.configId(),
        plan.modelVersion(),
        plan.cutPoint(),
        plan.inputResolution(),
        plan.frameSkip(),
        e.predictedLabel(),
        e.confidence(),
        e.scores().toArray(Double[]::new),
        new SqlParameterValue(Types.INTEGER, e.groundTruthLabel()),
        new SqlParameterValue(Types.BOOLEAN, e.correct()),
        e.preprocessMicros(),
        e.deviceComputeMicros(),
        e.transferMicros(),
        e.serverComputeMicros(),
        e.totalLatencyMicros(),
        e.bytesSent(),
        timestamp(e.deviceComputeStartedAt()),
        timestamp(e.deviceComputeEndedAt()));
  }

  /** One page of a stream's inferences, newest first. */
  PageResponse<StoredInference> findByStream(String streamId, int page, int size) {
    List<StoredInference> content =
        jdbc.sql(
                """
                SELECT * FROM inference WHERE stream_id = :streamId
                ORDER BY occurred_at DESC, frame_seq DESC, event_id
                LIMIT :limit OFFSET :offset
                """)
            .param("streamId", streamId)
            .param("limit", size)
            .param("offset", (long) page * size)
            .query(InferenceRepository::map)
            .list();
    long total =
        jdbc.sql("SELECT count(*) FROM inference WHERE stream_id = :streamId")
            .param("streamId", streamId)
            .query(Long.class)
            .single();
    return new PageResponse<>(content, page, size, total);
  }

  Optional<StoredInference> findById(UUID eventId) {
    return jdbc.sql("SELECT * FROM inference WHERE event_id = :eventId")
        .param("eventId", eventId)
        .query(InferenceRepository::map)
        .optional();
  }

  private static StoredInference map(ResultSet rs, int rowNum) throws SQLException {
    var plan =
        new Plan(
            rs.getString("model_version"),
            rs.getInt("cut_point"),
            rs.getInt("input_resolution"),
            rs.getInt("frame_skip"));
    return new StoredInference(
        rs.getObject("event_id", UUID.class),
        instant(rs, "occurred_at"),
        rs.getInt("schema_version"),
        rs.getString("stream_id"),
        rs.getLong("frame_seq"),
        rs.getString("device_id"),
        plan,
        rs.getString("config_id"),
        rs.getInt("predicted_label"),
        rs.getDouble("confidence"),
        Arrays.asList((Double[]) rs.getArray("scores").getArray()),
        rs.getObject("ground_truth_label", Integer.class),
        rs.getObject("correct", Boolean.class),
        rs.getLong("preprocess_micros"),
        rs.getLong("device_compute_micros"),
        rs.getLong("transfer_micros"),
        rs.getLong("server_compute_micros"),
        rs.getLong("total_latency_micros"),
        rs.getLong("bytes_sent"),
        instant(rs, "device_compute_started_at"),
        instant(rs, "device_compute_ended_at"),
        instant(rs, "received_at"));
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }
}
