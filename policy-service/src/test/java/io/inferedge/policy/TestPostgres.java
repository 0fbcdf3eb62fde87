package io.inferedge.policy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One real PostgreSQL (zonky embedded binaries) for every test of this module, started on first use
 * and stopped by zonky's shutdown hook. Tests isolate themselves by ids, not by databases.
 */
public final class TestPostgres {

  public static final String SCHEMA = "policy";

  private static final EmbeddedPostgres POSTGRES = start();

  private TestPostgres() {}

  private static EmbeddedPostgres start() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
  }

  /** What {@code spring.datasource.url} would be in production, pointed at the test server. */
  public static String jdbcUrl() {
    return "jdbc:postgresql://localhost:"
        + POSTGRES.getPort()
        + "/postgres?currentSchema="
        + SCHEMA;
  }

  /** A data source on the service's schema, as the service's pool would see it. */
  public static DataSource dataSource() {
    return POSTGRES.getDatabase("postgres", "postgres", Map.of("currentSchema", SCHEMA));
  }
}
