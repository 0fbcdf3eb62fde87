package io.inferedge.telemetry.inference;

import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.contracts.Plan;
import io.inferedge.support.web.PageResponse;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The {@code inference} table: idempotent batch inserts and the per-stream queries.
 *
 * <p>A batch travels by {@code COPY} (the fastest way into PostgreSQL) into a temporary staging
 * table of the connection, emptied at commit, and moves from there in one statement: new rows into
 * {@code inference} ({@code ON CONFLICT (event_id) DO NOTHING} skips redeliveries and repeats
 * within the batch) and, from its {@code RETURNING}, into {@code pending_frame}, the queue of
 * frames whose energy is still to be attributed. Thread-safe (stateless over a pooled data source).
 */
@Component
public final class InferenceRepository {

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
          "device_compute_ended_at",
          "link_profile",
          "radio_transmit_mw",
          "device_profile",
          "server_queue_micros");

  private static final String STAGE =
      "CREATE TEMP TABLE IF NOT EXISTS inference_stage (LIKE inference INCLUDING DEFAULTS)"
          + " ON COMMIT DELETE ROWS";

  private static final String COPY =
      "COPY inference_stage (" + String.join(", ", COLUMNS) + ") FROM STDIN (FORMAT text)";

  private static final String MOVE =
      """
      WITH stored AS (
        INSERT INTO inference (%1$s)
        SELECT %1$s FROM inference_stage
        ON CONFLICT (event_id) DO NOTHING
        RETURNING event_id, device_id, device_compute_started_at, device_compute_ended_at)
      INSERT INTO pending_frame
        (event_id, device_id, compute_started_at, compute_ended_at, received_at)
      SELECT event_id, device_id, device_compute_started_at, device_compute_ended_at, ?
      FROM stored
      """
          .formatted(String.join(", ", COLUMNS));

  private final JdbcClient jdbc;
  private final JdbcOperations connections;
  private final TransactionOperations transactions;
  private final Clock clock;

  public InferenceRepository(
      JdbcClient jdbc,
      JdbcOperations connections,
      TransactionOperations transactions,
      Clock clock) {
    this.jdbc = jdbc;
    this.connections = connections;
    this.transactions = transactions;
    this.clock = clock;
  }

  /**
   * Stores the events in one transaction, skipping any whose {@code eventId} is already stored (a
   * redelivery) or repeated within {@code events}.
   *
   * @return how many rows were inserted
   */
  public int storeAll(List<InferenceCompleted> events) {
    if (events.isEmpty()) {
      return 0;
    }
    byte[] rows = CopyText.inferences(events);
    // When the frames arrived, by the injected clock: the attribution's wait for late samples
    // counts from it.
    OffsetDateTime receivedAt = timestamp(clock.instant());
    Integer stored =
        transactions.execute(
            status ->
                connections.execute(
                    (Connection connection) -> {
                      try (Statement statement = connection.createStatement()) {
                        statement.execute(STAGE);
                      }
                      long copied = copy(connection, rows);
                      if (copied != events.size()) {
                        throw new IllegalStateException(
                            "COPY staged " + copied + " of " + events.size() + " rows");
                      }
                      try (PreparedStatement move = connection.prepareStatement(MOVE)) {
                        move.setObject(1, receivedAt);
                        return move.executeUpdate();
                      }
                    }));
    return stored == null ? 0 : stored;
  }

  private static long copy(Connection connection, byte[] rows) throws SQLException {
    try {
      return connection
          .unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(COPY, new ByteArrayInputStream(rows));
    } catch (java.io.IOException e) {
      // Only the connection can fail here (the rows are in memory): a database failure, retried.
      throw new SQLException("COPY into inference_stage failed", "08006", e);
    }
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
        // the config id is the plan's full identity, precision included
        Plan.parse(rs.getString("config_id"));
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
        rs.getString("link_profile"),
        rs.getObject("radio_transmit_mw", Double.class),
        rs.getString("device_profile"),
        rs.getObject("server_queue_micros", Long.class),
        instant(rs, "received_at"));
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }
}
