package io.inferedge.policy.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code policy_version} and {@code policy_activation} tables. Activation is one transaction
 * (the partial unique index keeps at most one version active). Thread-safe (stateless).
 */
@Component
final class PolicyRepository {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final TransactionOperations transactions;
  private final JsonMapper json;

  PolicyRepository(JdbcClient jdbc, TransactionOperations transactions, JsonMapper json) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.json = json;
  }

  /** A stored row: the summary and the artefact text. */
  record Stored(PolicyVersion version, String artifact) {}

  long insert(
      String algorithm,
      String profile,
      Long parentVersion,
      String artifact,
      String checksum,
      String hyperParameters,
      String evaluation,
      boolean passed,
      Instant createdAt) {
    return jdbc.sql(
            """
            INSERT INTO policy_version (algorithm, profile, parent_version, artifact, checksum,
                hyper_parameters, evaluation, evaluation_passed, created_at)
            VALUES (:algorithm, :profile, :parent, :artifact, :checksum,
                CAST(:hyperParameters AS jsonb), CAST(:evaluation AS jsonb), :passed, :createdAt)
            RETURNING version
            """)
        .param("algorithm", algorithm)
        .param("profile", profile)
        .param("parent", parentVersion)
        .param("artifact", artifact)
        .param("checksum", checksum)
        .param("hyperParameters", hyperParameters)
        .param("evaluation", evaluation)
        .param("passed", passed)
        .param("createdAt", createdAt.atOffset(ZoneOffset.UTC))
        .query(Long.class)
        .single();
  }

  Optional<Stored> find(long version) {
    return jdbc.sql("SELECT * FROM policy_version WHERE version = :version")
        .param("version", version)
        .query((rs, n) -> new Stored(map(rs), rs.getString("artifact")))
        .optional();
  }

  boolean exists(long version) {
    return jdbc.sql("SELECT count(*) FROM policy_version WHERE version = :version")
            .param("version", version)
            .query(Long.class)
            .single()
        > 0;
  }

  List<PolicyVersion> list() {
    return jdbc.sql("SELECT * FROM policy_version ORDER BY version DESC")
        .query((rs, n) -> map(rs))
        .list();
  }

  long count() {
    return jdbc.sql("SELECT count(*) FROM policy_version").query(Long.class).single();
  }

  Optional<Stored> active() {
    return jdbc.sql("SELECT * FROM policy_version WHERE active")
        .query((rs, n) -> new Stored(map(rs), rs.getString("artifact")))
        .optional();
  }

  /** Makes {@code version} the only active one and records why. */
  void activate(long version, String reason, Instant at) {
    activate(version, reason, null, at);
  }

  /** Makes {@code version} the only active one and records why, with a note (may be null). */
  void activate(long version, String reason, String note, Instant at) {
    transactions.executeWithoutResult(
        status -> {
          Long previous =
              jdbc.sql("SELECT version FROM policy_version WHERE active FOR UPDATE")
                  .query(Long.class)
                  .optional()
                  .orElse(null);
          jdbc.sql("UPDATE policy_version SET active = false WHERE active").update();
          jdbc.sql(
                  "UPDATE policy_version SET active = true, activated_at = :at"
                      + " WHERE version = :version")
              .param("at", at.atOffset(ZoneOffset.UTC))
              .param("version", version)
              .update();
          jdbc.sql(
                  """
                  INSERT INTO policy_activation (version, previous_version, reason, note,
                      activated_at)
                  VALUES (:version, :previous, :reason, :note, :at)
                  """)
              .param("version", version)
              .param("previous", previous)
              .param("reason", reason)
              .param("note", note, java.sql.Types.VARCHAR)
              .param("at", at.atOffset(ZoneOffset.UTC))
              .update();
        });
  }

  /**
   * Where a rollback from the active {@code version} goes: the version that was active before it
   * was last activated other than by a rollback (so repeated rollbacks walk back in history).
   */
  Optional<Long> rollbackTarget(long version) {
    return jdbc.sql(
            """
            SELECT previous_version FROM policy_activation
            WHERE version = :version AND reason <> 'rollback'
            ORDER BY activation_id DESC LIMIT 1
            """)
        .param("version", version)
        .query((rs, n) -> Optional.ofNullable(rs.getObject("previous_version", Long.class)))
        .optional()
        .flatMap(previous -> previous);
  }

  /** Every activation, newest first. */
  List<PolicyActivation> activations() {
    return jdbc.sql("SELECT * FROM policy_activation ORDER BY activation_id DESC")
        .query(PolicyRepository::mapActivation)
        .list();
  }

  /** The latest activation of {@code version}, if it was ever activated. */
  Optional<PolicyActivation> lastActivation(long version) {
    return jdbc.sql(
            "SELECT * FROM policy_activation WHERE version = :version"
                + " ORDER BY activation_id DESC LIMIT 1")
        .param("version", version)
        .query(PolicyRepository::mapActivation)
        .optional();
  }

  private static PolicyActivation mapActivation(ResultSet rs, int n) throws SQLException {
    return new PolicyActivation(
        rs.getLong("activation_id"),
        rs.getLong("version"),
        rs.getObject("previous_version", Long.class),
        rs.getString("reason"),
        rs.getString("note"),
        rs.getObject("activated_at", OffsetDateTime.class).toInstant());
  }

  private PolicyVersion map(ResultSet rs) throws SQLException {
    OffsetDateTime activated = rs.getObject("activated_at", OffsetDateTime.class);
    return new PolicyVersion(
        rs.getLong("version"),
        rs.getString("algorithm"),
        rs.getString("profile"),
        rs.getObject("parent_version", Long.class),
        rs.getString("checksum"),
        json.readValue(rs.getString("hyper_parameters"), MAP),
        json.readValue(rs.getString("evaluation"), MAP),
        rs.getBoolean("evaluation_passed"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getBoolean("active"),
        activated == null ? null : activated.toInstant());
  }
}
