package io.inferedge.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import io.inferedge.policy.TestPostgres;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The Flyway migration and {@link DecisionLog} on a real PostgreSQL. */
class DecisionLogTest {

  private static final Instant T0 = Instant.parse("2026-11-26T08:00:00.123456Z");

  private static JdbcClient jdbc;
  private static DecisionLog log;

  @BeforeAll
  static void migrate() {
    DataSource dataSource = TestPostgres.dataSource();
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(TestPostgres.SCHEMA)
        .defaultSchema(TestPostgres.SCHEMA)
        .load()
        .migrate();
    jdbc = JdbcClient.create(dataSource);
    log =
        new DecisionLog(
            jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
  }

  @Test
  void migrationCreatesTheTablesInTheServiceSchemaOnly() {
    List<String> tables =
        jdbc.sql(
                """
                SELECT table_schema || '.' || table_name FROM information_schema.tables
                WHERE table_name IN ('decision', 'outcome') ORDER BY 1
                """)
            .query(String.class)
            .list();
    assertThat(tables).containsExactly("policy.decision", "policy.outcome");
  }

  @Test
  void appendsAndReadsBackNewestFirst() {
    var older = decision("log-1", T0, StreamRequirements.ACCURACY_FIRST);
    var newer = decision("log-1", T0.plusMillis(5), StreamRequirements.BALANCED);
    log.append(older);
    log.append(newer);
    log.append(decision("log-other", T0, StreamRequirements.BALANCED));

    var page = log.findByStream("log-1", 0, 10);

    assertThat(page.totalElements()).isEqualTo(2);
    assertThat(page.content()).containsExactly(newer, older);
    assertThat(log.findByStream("log-1", 1, 1).content()).containsExactly(older);
  }

  private static Decision decision(String streamId, Instant at, StreamRequirements requirements) {
    return new Decision(
        UUID.randomUUID(),
        streamId,
        new PolicyChoice(new Plan("nano", 3, 64, 1), "default"),
        requirements,
        at);
  }
}
