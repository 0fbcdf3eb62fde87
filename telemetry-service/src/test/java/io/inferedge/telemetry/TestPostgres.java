package io.inferedge.telemetry;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One real PostgreSQL (zonky embedded binaries) for every test of this module, started on first use
 * and stopped by zonky's shutdown hook. Tests isolate themselves by ids, not by databases, except
 * those that must not see the shared application context's background jobs: they get a database of
 * their own ({@link #database(String)}).
 */
public final class TestPostgres {

  public static final String SCHEMA = "telemetry";

  private static final EmbeddedPostgres POSTGRES = start();
  private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

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
    return jdbcUrl("postgres");
  }

  /** The URL of database {@code database} on the test server, in the service's schema. */
  public static String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:"
        + POSTGRES.getPort()
        + "/"
        + database
        + "?currentSchema="
        + SCHEMA;
  }

  /** A data source on the service's schema, as the service's pool would see it. */
  public static DataSource dataSource() {
    return POSTGRES.getDatabase("postgres", "postgres", Map.of("currentSchema", SCHEMA));
  }

  /**
   * A data source on database {@code name}, created empty on first use (no schema: Flyway or the
   * service creates it).
   */
  public static DataSource database(String name) {
    if (!name.matches("[a-z][a-z0-9_]{0,40}")) {
      throw new IllegalArgumentException("database name must be [a-z][a-z0-9_]*, was " + name);
    }
    if (CREATED.add(name)) {
      JdbcClient.create(POSTGRES.getPostgresDatabase()).sql("CREATE DATABASE " + name).update();
    }
    return POSTGRES.getDatabase("postgres", name, Map.of("currentSchema", SCHEMA));
  }

  /** Database {@code name} created and migrated by the service's Flyway migrations. */
  public static DataSource migratedDatabase(String name) {
    DataSource dataSource = database(name);
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(SCHEMA)
        .defaultSchema(SCHEMA)
        .load()
        .migrate();
    return dataSource;
  }
}
