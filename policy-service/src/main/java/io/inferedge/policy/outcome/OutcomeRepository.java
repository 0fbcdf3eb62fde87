package io.inferedge.policy.outcome;

import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.OutcomeRecorded;
import io.inferedge.contracts.Plan;
import io.inferedge.policy.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
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
 * The {@code outcome} table, the experience buffer online learning reads: idempotent multi-row
 * inserts and reads. Thread-safe (stateless over a pooled {@link JdbcClient}).
 */
@Component
final class OutcomeRepository {

  private static final List<String> COLUMNS =
      List.of(
          "event_id",
          "occurred_at",
          "schema_version",
          "inference_event_id",
          "stream_id",
          "frame_seq",
          "config_id",
          "model_version",
          "cut_point",
          "input_resolution",
          "frame_skip",
          "latency_micros",
          "correct",
          "device_energy_mj",
          "energy_source");

  /** Rows per INSERT statement, far below PostgreSQL's 65535 bind parameters per statement. */
  static final int ROWS_PER_STATEMENT = 1_000;

  private static final String ROW =
      "(" + String.join(", ", Collections.nCopies(COLUMNS.size(), "?")) + ")";

  private final JdbcClient jdbc;
  private final TransactionOperations transactions;

  OutcomeRepository(JdbcClient jdbc, TransactionOperations transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  /**
   * Stores the outcomes in one transaction, skipping any whose {@code eventId} is already stored (a
   * redelivery) or repeated within {@code outcomes}.
   *
   * @return how many rows were inserted
   */
  int storeAll(List<OutcomeRecorded> outcomes) {
    if (outcomes.isEmpty()) {
      return 0;
    }
    Integer stored =
        transactions.execute(
            status -> {
              int inserted = 0;
              for (int from = 0; from < outcomes.size(); from += ROWS_PER_STATEMENT) {
                int to = Math.min(outcomes.size(), from + ROWS_PER_STATEMENT);
                inserted += insert(outcomes.subList(from, to));
              }
              return inserted;
            });
    return stored == null ? 0 : stored;
  }

  private int insert(List<OutcomeRecorded> outcomes) {
    var sql = new StringBuilder("INSERT INTO outcome (").append(String.join(", ", COLUMNS));
    sql.append(") VALUES ");
    var params = new ArrayList<Object>(outcomes.size() * COLUMNS.size());
    for (int i = 0; i < outcomes.size(); i++) {
      sql.append(i == 0 ? ROW : ", " + ROW);
      params.addAll(row(outcomes.get(i)));
    }
    sql.append(" ON CONFLICT (event_id) DO NOTHING");
    return jdbc.sql(sql.toString()).params(params).update();
  }

  private static List<Object> row(OutcomeRecorded o) {
    Plan plan = o.plan();
    return Arrays.asList(
        o.eventId(),
        o.occurredAt().atOffset(ZoneOffset.UTC),
        o.schemaVersion(),
        o.inferenceEventId(),
        o.streamId(),
        o.frameSeq(),
        plan.configId(),
        plan.modelVersion(),
        plan.cutPoint(),
        plan.inputResolution(),
        plan.frameSkip(),
        o.latencyMicros(),
        new SqlParameterValue(Types.BOOLEAN, o.correct()),
        o.deviceEnergyMillijoules(),
        o.energySource().name());
  }

  Optional<OutcomeRecorded> findById(UUID eventId) {
    return jdbc.sql("SELECT * FROM outcome WHERE event_id = :eventId")
        .param("eventId", eventId)
        .query(OutcomeRepository::map)
        .optional();
  }

  /** A stream's latest {@code limit} outcomes, newest first. */
  List<OutcomeRecorded> findRecent(String streamId, int limit) {
    return jdbc.sql(
            """
            SELECT * FROM outcome WHERE stream_id = :streamId
            ORDER BY occurred_at DESC, frame_seq DESC, event_id
            LIMIT :limit
            """)
        .param("streamId", streamId)
        .param("limit", limit)
        .query(OutcomeRepository::map)
        .list();
  }

  private static OutcomeRecorded map(ResultSet rs, int rowNum) throws SQLException {
    return new OutcomeRecorded(
        rs.getObject("event_id", UUID.class),
        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
        rs.getInt("schema_version"),
        rs.getObject("inference_event_id", UUID.class),
        rs.getString("stream_id"),
        rs.getLong("frame_seq"),
        Rows.plan(rs),
        rs.getLong("latency_micros"),
        rs.getObject("correct", Boolean.class),
        rs.getDouble("device_energy_mj"),
        MeasurementSource.valueOf(rs.getString("energy_source")));
  }
}
