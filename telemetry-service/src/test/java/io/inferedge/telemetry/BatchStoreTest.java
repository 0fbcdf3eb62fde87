package io.inferedge.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.listener.BatchListenerFailedException;

class BatchStoreTest {

  private final List<String> stored = new ArrayList<>();

  private int store(List<String> values) {
    if (values.contains("down")) {
      throw new DataAccessResourceFailureException("connection refused");
    }
    if (values.contains("bad")) {
      throw new DataIntegrityViolationException("check constraint");
    }
    stored.addAll(values);
    return values.size();
  }

  @Test
  void storesTheBatchInOneGo() {
    assertThat(BatchStore.store(List.of("a", "b"), this::store)).isEqualTo(2);
    assertThat(stored).containsExactly("a", "b");
  }

  @Test
  void anOutageNamesTheFirstRecordSoThatTheWholeBatchIsRetried() {
    assertThatThrownBy(() -> BatchStore.store(List.of("a", "down", "c"), this::store))
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isZero())
        .hasCauseInstanceOf(DataAccessResourceFailureException.class);
    assertThat(stored).isEmpty();
  }

  @Test
  void noConnectionForTheTransactionIsAnOutageToo() {
    assertThatThrownBy(
            () ->
                BatchStore.store(
                    List.of("a"),
                    values -> {
                      throw new org.springframework.transaction.CannotCreateTransactionException(
                          "Could not open JDBC Connection for transaction");
                    }))
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isZero());
  }

  @Test
  void aRefusedRecordIsFoundAndNamedAfterStoringThoseBeforeIt() {
    assertThatThrownBy(() -> BatchStore.store(List.of("a", "b", "bad", "d"), this::store))
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(2))
        .hasCauseInstanceOf(DataIntegrityViolationException.class);
    assertThat(stored).containsExactly("a", "b");
  }

  @Test
  void nothingToStoreIsZero() {
    assertThat(BatchStore.store(List.<String>of(), this::store)).isZero();
  }
}
