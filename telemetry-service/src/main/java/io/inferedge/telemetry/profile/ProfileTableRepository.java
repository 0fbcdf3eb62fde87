package io.inferedge.telemetry.profile;

import io.inferedge.support.web.PageResponse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code profile_table} rows: trade-off tables stored whole as jsonb, once per content.
 * Thread-safe (stateless over a pooled {@link JdbcClient}); every method is one or two
 * auto-committed statements.
 */
@Component
final class ProfileTableRepository {

  /** The content hash of a jsonb value: the same for the same JSON value, however it is written. */
  private static final String HASH = "encode(sha256(convert_to(%s::text, 'UTF8')), 'hex')";

  private static final String SUMMARY =
      "id, name, format_version, host, configurations, content_hash, created_at";

  private static final String INSERT =
      """
      WITH posted AS (SELECT CAST(:body AS jsonb) AS body)
      INSERT INTO profile_table
        (name, format_version, host, configurations, content_hash, body, created_at)
      SELECT :name, :formatVersion, :host, :configurations, %s, body, :createdAt FROM posted
      ON CONFLICT (content_hash) DO NOTHING
      RETURNING %s
      """
          .formatted(HASH.formatted("body"), SUMMARY);

  private static final String FIND_BY_CONTENT =
      "SELECT "
          + SUMMARY
          + " FROM profile_table WHERE content_hash = "
          + HASH.formatted("CAST(:body AS jsonb)");

  private final JdbcClient jdbc;

  ProfileTableRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Whether {@link #store} added a row or found the same table stored before. */
  record Stored(ProfileTableSummary table, boolean created) {}

  /**
   * Stores {@code table} unless a table with the same content is stored already, in which case that
   * one is returned. Two posts of the same table at the same time store it once: the second insert
   * waits for the first on the unique hash and then finds its row.
   */
  Stored store(PostedProfileTable table, Instant createdAt) {
    // A row found by its hash can only vanish if deleted in between; then the insert wins again.
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<ProfileTableSummary> inserted =
          jdbc.sql(INSERT)
              .param("body", table.json())
              .param("name", table.name())
              .param("formatVersion", table.formatVersion())
              .param("host", table.host())
              .param("configurations", table.configurations())
              .param("createdAt", createdAt.atOffset(ZoneOffset.UTC))
              .query(ProfileTableRepository::summary)
              .optional();
      if (inserted.isPresent()) {
        return new Stored(inserted.get(), true);
      }
      Optional<ProfileTableSummary> existing =
          jdbc.sql(FIND_BY_CONTENT)
              .param("body", table.json())
              .query(ProfileTableRepository::summary)
              .optional();
      if (existing.isPresent()) {
        return new Stored(existing.get(), false);
      }
    }
    throw new IllegalStateException(
        "profile table '" + table.name() + "' was neither inserted nor found by its hash");
  }

  /** One page of the stored tables (of one name, when {@code name} is not null), newest first. */
  PageResponse<ProfileTableSummary> list(String name, int page, int size) {
    String where = name == null ? "" : " WHERE name = :name";
    var select =
        jdbc.sql(
                "SELECT "
                    + SUMMARY
                    + " FROM profile_table"
                    + where
                    + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
            .param("limit", size)
            .param("offset", (long) page * size);
    var count = jdbc.sql("SELECT count(*) FROM profile_table" + where);
    if (name != null) {
      select = select.param("name", name);
      count = count.param("name", name);
    }
    return new PageResponse<>(
        select.query(ProfileTableRepository::summary).list(),
        page,
        size,
        count.query(Long.class).single());
  }

  Optional<StoredProfileTable> find(long id) {
    return jdbc.sql("SELECT id, content_hash, body::text AS body FROM profile_table WHERE id = :id")
        .param("id", id)
        .query(ProfileTableRepository::stored)
        .optional();
  }

  /** The newest stored table (of one name, when {@code name} is not null). */
  Optional<StoredProfileTable> latest(String name) {
    String where = name == null ? "" : " WHERE name = :name";
    var select =
        jdbc.sql(
            "SELECT id, content_hash, body::text AS body FROM profile_table"
                + where
                + " ORDER BY created_at DESC, id DESC LIMIT 1");
    if (name != null) {
      select = select.param("name", name);
    }
    return select.query(ProfileTableRepository::stored).optional();
  }

  private static StoredProfileTable stored(ResultSet rs, int row) throws SQLException {
    return new StoredProfileTable(
        rs.getLong("id"), rs.getString("content_hash"), rs.getString("body"));
  }

  private static ProfileTableSummary summary(ResultSet rs, int row) throws SQLException {
    return new ProfileTableSummary(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getInt("format_version"),
        rs.getString("host"),
        rs.getInt("configurations"),
        rs.getString("content_hash"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }
}
