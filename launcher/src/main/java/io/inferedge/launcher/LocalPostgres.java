package io.inferedge.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A real PostgreSQL (zonky's binaries from Maven Central) on loopback for the local mode, with its
 * data directory kept across restarts and one database, {@value #DATABASE}, in which each service
 * owns a schema. Not thread-safe: start and close from one thread.
 */
final class LocalPostgres implements AutoCloseable {

  static final String DATABASE = "inferedge";
  static final String USER = "postgres";

  private final EmbeddedPostgres postgres;

  private LocalPostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static LocalPostgres start(Path dataDir, int port) throws IOException, SQLException {
    Path pgData = dataDir.resolve("postgres");
    boolean existing = Files.exists(pgData.resolve("PG_VERSION"));
    Files.createDirectories(pgData);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(pgData)
            .setCleanDataDirectory(false)
            .setOverrideWorkingDirectory(dataDir.resolve("postgres-runtime").toFile())
            .start();
    var local = new LocalPostgres(postgres);
    if (!existing || !local.databaseExists()) {
      try (Connection c = postgres.getPostgresDatabase().getConnection()) {
        c.createStatement().execute("CREATE DATABASE " + DATABASE);
      }
    }
    return local;
  }

  private boolean databaseExists() throws SQLException {
    DataSource admin = postgres.getPostgresDatabase();
    try (Connection c = admin.getConnection();
        var s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      s.setString(1, DATABASE);
      return s.executeQuery().next();
    }
  }

  int port() {
    return postgres.getPort();
  }

  /** JDBC URL of the platform database with {@code schema} as the search path. */
  String jdbcUrl(String schema) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE + "?currentSchema=" + schema;
  }

  DataSource dataSource() {
    return postgres.getDatabase(USER, DATABASE);
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
