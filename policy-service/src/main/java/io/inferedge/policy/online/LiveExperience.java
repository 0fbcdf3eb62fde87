package io.inferedge.policy.online;

import io.inferedge.contracts.Plan;
import io.inferedge.policy.Rows;
import io.inferedge.policy.decision.StreamState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads what online learning learns from: the experience buffer ({@code outcome}) joined with the
 * decision log ({@code decision}). An outcome belongs to the stream's latest decision for the same
 * plan ({@code config_id}, frame skip included) made at or before the outcome. Thread-safe
 * (stateless over a pooled {@link JdbcClient}).
 */
@Component
public final class LiveExperience {

  private static final String JOINED =
      """
      SELECT o.occurred_at, o.model_version, o.cut_point, o.input_resolution, o.frame_skip,
             o.latency_micros, o.correct, o.device_energy_mj,
             d.decision_id, d.policy_version, d.latency_slo_millis, d.accuracy_floor,
             d.latency_weight, d.accuracy_weight, d.energy_weight, d.device, d.decided_at
      FROM outcome o
      JOIN LATERAL (
          SELECT * FROM decision d
          WHERE d.stream_id = o.stream_id AND d.config_id = o.config_id
            AND d.decided_at <= o.occurred_at
          ORDER BY d.decided_at DESC LIMIT 1) d ON true
      """;

  private final JdbcClient jdbc;

  LiveExperience(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Every live frame whose outcome occurred at or after {@code since}. */
  public List<LiveFrame> frames(Instant since) {
    return jdbc.sql(JOINED + " WHERE o.occurred_at >= :since")
        .param("since", since.atOffset(ZoneOffset.UTC))
        .query(LiveExperience::frame)
        .list();
  }

  /** The live frames of decisions by {@code policyVersion} made in {@code [from, to)}. */
  public List<LiveFrame> frames(String policyVersion, Instant from, Instant to) {
    return jdbc.sql(
            JOINED
                + " WHERE o.occurred_at >= :from AND d.policy_version = :version"
                + " AND d.decided_at >= :from AND d.decided_at < :to")
        .param("from", from.atOffset(ZoneOffset.UTC))
        .param("to", to.atOffset(ZoneOffset.UTC))
        .param("version", policyVersion)
        .query(LiveExperience::frame)
        .list();
  }

  /** Outcomes this service stored after {@code since} (its own clock, {@code received_at}). */
  public long outcomesReceivedAfter(Instant since) {
    return jdbc.sql("SELECT count(*) FROM outcome WHERE received_at > :since")
        .param("since", since.atOffset(ZoneOffset.UTC))
        .query(Long.class)
        .single();
  }

  /** The latest {@code limit} decisions made with a state at or after {@code since}. */
  public List<LiveState> states(Instant since, int limit) {
    return jdbc.sql(
            """
            SELECT * FROM decision WHERE device IS NOT NULL AND decided_at >= :since
            ORDER BY decided_at DESC LIMIT :limit
            """)
        .param("since", since.atOffset(ZoneOffset.UTC))
        .param("limit", limit)
        .query(LiveExperience::state)
        .list();
  }

  private static LiveFrame frame(ResultSet rs, int n) throws SQLException {
    return new LiveFrame(
        rs.getObject("decision_id", UUID.class),
        rs.getString("policy_version"),
        Rows.requirements(rs),
        rs.getString("device"),
        rs.getObject("decided_at", OffsetDateTime.class).toInstant(),
        Rows.plan(rs),
        rs.getLong("latency_micros"),
        rs.getObject("correct", Boolean.class),
        rs.getDouble("device_energy_mj"),
        rs.getObject("occurred_at", OffsetDateTime.class).toInstant());
  }

  private static LiveState state(ResultSet rs, int n) throws SQLException {
    String last = rs.getString("last_config_id");
    return new LiveState(
        new StreamState(
            rs.getDouble("bandwidth_mbps"),
            rs.getDouble("previous_bandwidth_mbps"),
            rs.getDouble("rtt_ms"),
            rs.getDouble("server_load"),
            rs.getString("device"),
            rs.getDouble("scene_cuts_per_second"),
            rs.getDouble("motion"),
            last == null ? null : Plan.parse(last),
            rs.getDouble("last_latency_ms"),
            rs.getDouble("last_slo_miss_rate")),
        Rows.requirements(rs));
  }
}
