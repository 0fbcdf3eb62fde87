package io.inferedge.policy.outcome;

import static io.inferedge.policy.outcome.OutcomeSamples.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferedge.contracts.OutcomeRecorded;
import io.inferedge.policy.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link OutcomeRepository} on a real PostgreSQL. */
class OutcomeRepositoryTest {

  private static OutcomeRepository repository;

  @BeforeAll
  static void migrate() {
    DataSource dataSource = TestPostgres.dataSource();
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(TestPostgres.SCHEMA)
        .defaultSchema(TestPostgres.SCHEMA)
        .load()
        .migrate();
    repository =
        new OutcomeRepository(
            JdbcClient.create(dataSource),
            new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
  }

  @Test
  void storesEveryFieldAndReadsItBack() {
    OutcomeRecorded outcome = outcome("repo-fields", 7, true);
    OutcomeRecorded unknown = outcome("repo-fields", 8, null);

    assertThat(repository.storeAll(List.of(outcome, unknown))).isEqualTo(2);

    assertThat(repository.findById(outcome.eventId())).contains(outcome);
    assertThat(repository.findById(unknown.eventId())).contains(unknown);
    assertThat(repository.findById(UUID.randomUUID())).isEmpty();
  }

  @Test
  void theSameOutcomeIsStoredOnceWhetherRepeatedInABatchOrRedelivered() {
    OutcomeRecorded outcome = outcome("repo-idem", 1, true);
    OutcomeRecorded other = outcome("repo-idem", 2, false);

    assertThat(repository.storeAll(List.of(outcome, outcome, other))).isEqualTo(2);
    assertThat(repository.storeAll(List.of(other, outcome))).isZero();

    assertThat(repository.findRecent("repo-idem", 10)).containsExactly(other, outcome);
  }

  @Test
  void storesBatchesLargerThanOneStatement() {
    var outcomes = new ArrayList<OutcomeRecorded>();
    for (int frame = 0; frame < OutcomeRepository.ROWS_PER_STATEMENT + 3; frame++) {
      outcomes.add(outcome("repo-large", frame, true));
    }

    assertThat(repository.storeAll(outcomes)).isEqualTo(outcomes.size());
    assertThat(repository.findRecent("repo-large", 5_000)).hasSize(outcomes.size());
  }
}
