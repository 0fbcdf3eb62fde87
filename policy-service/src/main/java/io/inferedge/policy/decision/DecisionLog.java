package io.inferedge.policy.decision;

import io.inferedge.contracts.DecisionMade;
import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import io.inferedge.policy.Rows;
import io.inferedge.support.web.PageResponse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The {@code decision} table: appends (the decision API's own decisions and, idempotently, those
 * the gateway published) and per-stream pages. Thread-safe (stateless).
 */
@Component
final class DecisionLog {

  private final JdbcClient jdbc;
  private final TransactionOperations transactions;

  DecisionLog(JdbcClient jdbc, TransactionOperations transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  void append(Decision decision) {
    append(decision, null);
  }

  /** Appends a decision with the state it was made on (null: none), for online learning. */
  void append(Decision decision, StreamState state) {
    insert(decision, state);
  }

  /**
   * Appends decisions made outside this service (the gateway's, {@link DecisionMade}) in one
   * transaction, each at most once: a decision id already logged (a redelivered record) or repeated
   * within {@code decisions} is skipped.
   *
   * @return how many were new
   */
  int appendAll(List<DecisionMade> decisions) {
    if (decisions.isEmpty()) {
      return 0;
    }
    Integer inserted =
        transactions.execute(
            status -> {
              int n = 0;
              for (DecisionMade d : decisions) {
                n += insert(decision(d), state(d.state()));
              }
              return n;
            });
    return inserted == null ? 0 : inserted;
  }

  private static Decision decision(DecisionMade d) {
    return new Decision(
        d.decisionId(),
        d.streamId(),
        d.plan(),
        d.configId(),
        d.policyVersion(),
        d.requirements(),
        d.decidedAt(),
        null);
  }

  private static StreamState state(DecisionMade.State s) {
    if (s == null) {
      return null;
    }
    return new StreamState(
        s.bandwidthMbps(),
        s.previousBandwidthMbps(),
        s.rttMillis(),
        s.serverLoad(),
        s.device(),
        s.sceneCutsPerSecond(),
        s.motion(),
        s.lastConfigId() == null ? null : Plan.parse(s.lastConfigId()),
        s.lastLatencyMillis(),
        s.lastSloMissRate());
  }

  /** One row, unless its decision id is logged already; 1 when inserted, 0 otherwise. */
  private int insert(Decision decision, StreamState state) {
    Plan plan = decision.plan();
    StreamRequirements r = decision.requirements();
    Plan last = state == null ? null : state.lastPlan();
    return jdbc.sql(
            """
            INSERT INTO decision (decision_id, stream_id, config_id, model_version, cut_point,
                input_resolution, frame_skip, policy_version, latency_slo_millis, accuracy_floor,
                latency_weight, accuracy_weight, energy_weight, decided_at, device, bandwidth_mbps,
                previous_bandwidth_mbps, rtt_ms, server_load, scene_cuts_per_second, motion,
                last_config_id, last_latency_ms, last_slo_miss_rate)
            VALUES (:decisionId, :streamId, :configId, :modelVersion, :cutPoint,
                :inputResolution, :frameSkip, :policyVersion, :latencySloMillis, :accuracyFloor,
                :latencyWeight, :accuracyWeight, :energyWeight, :decidedAt, :device, :bandwidth,
                :previousBandwidth, :rtt, :serverLoad, :sceneCuts, :motion, :lastConfigId,
                :lastLatency, :lastMissRate)
            ON CONFLICT (decision_id) DO NOTHING
            """)
        .param("decisionId", decision.decisionId())
        .param("streamId", decision.streamId())
        .param("configId", decision.configId())
        .param("modelVersion", plan.modelVersion())
        .param("cutPoint", plan.cutPoint())
        .param("inputResolution", plan.inputResolution())
        .param("frameSkip", plan.frameSkip())
        .param("policyVersion", decision.policyVersion())
        .param("latencySloMillis", r.latencySloMillis())
        .param("accuracyFloor", r.accuracyFloor())
        .param("latencyWeight", r.latencyWeight())
        .param("accuracyWeight", r.accuracyWeight())
        .param("energyWeight", r.energyWeight())
        .param("decidedAt", decision.decidedAt().atOffset(ZoneOffset.UTC))
        .param("device", state == null ? null : state.device(), Types.VARCHAR)
        .param("bandwidth", state == null ? null : state.bandwidthMbps(), Types.DOUBLE)
        .param(
            "previousBandwidth", state == null ? null : state.previousBandwidthMbps(), Types.DOUBLE)
        .param("rtt", state == null ? null : state.rttMs(), Types.DOUBLE)
        .param("serverLoad", state == null ? null : state.serverLoad(), Types.DOUBLE)
        .param("sceneCuts", state == null ? null : state.sceneCutsPerSecond(), Types.DOUBLE)
        .param("motion", state == null ? null : state.motion(), Types.DOUBLE)
        .param("lastConfigId", last == null ? null : last.configId(), Types.VARCHAR)
        .param("lastLatency", state == null ? null : state.lastLatencyMs(), Types.DOUBLE)
        .param("lastMissRate", state == null ? null : state.lastSloMissRate(), Types.DOUBLE)
        .update();
  }

  /** One page of a stream's decisions, newest first. */
  PageResponse<Decision> findByStream(String streamId, int page, int size) {
    List<Decision> content =
        jdbc.sql(
                """
                SELECT * FROM decision WHERE stream_id = :streamId
                ORDER BY decided_at DESC, decision_id
                LIMIT :limit OFFSET :offset
                """)
            .param("streamId", streamId)
            .param("limit", size)
            .param("offset", (long) page * size)
            .query(DecisionLog::map)
            .list();
    long total =
        jdbc.sql("SELECT count(*) FROM decision WHERE stream_id = :streamId")
            .param("streamId", streamId)
            .query(Long.class)
            .single();
    return new PageResponse<>(content, page, size, total);
  }

  private static Decision map(ResultSet rs, int rowNum) throws SQLException {
    return new Decision(
        rs.getObject("decision_id", UUID.class),
        rs.getString("stream_id"),
        Rows.plan(rs),
        rs.getString("config_id"),
        rs.getString("policy_version"),
        Rows.requirements(rs),
        rs.getObject("decided_at", OffsetDateTime.class).toInstant(),
        null);
  }
}
