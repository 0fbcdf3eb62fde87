package io.inferedge.telemetry;

import java.util.List;
import java.util.function.ToIntFunction;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.TransactionException;

/**
 * Stores a batch listener's records so that the shared error handler does the right thing with a
 * failure, naming the record it is about ({@link BatchListenerFailedException}):
 *
 * <ul>
 *   <li>the database is unreachable or failed: the first record, so the handler seeks every
 *       partition back to its first unstored record and retries after a back-off, for as long as
 *       the outage lasts. Nothing is committed meanwhile, and no retry loop holds records in memory
 *       across a rebalance: whoever owns a partition next reads the same records again;
 *   <li>the database refuses a record (a constraint): the records are stored one by one to find it;
 *       those before it are stored, it goes to the dead-letter topic, the rest are redelivered.
 * </ul>
 *
 * Stateless.
 */
public final class BatchStore {

  private BatchStore() {}

  /**
   * @param values the records' values, index for index
   * @param store stores some values in one transaction and returns how many were new
   * @return how many values were new
   */
  public static <T> int store(List<T> values, ToIntFunction<List<T>> store) {
    if (values.isEmpty()) {
      return 0;
    }
    try {
      return store.applyAsInt(values);
    } catch (DataIntegrityViolationException refused) {
      int stored = 0;
      for (int i = 0; i < values.size(); i++) {
        try {
          stored += store.applyAsInt(List.of(values.get(i)));
        } catch (DataIntegrityViolationException e) {
          throw new BatchListenerFailedException("the database refuses record " + i, e, i);
        }
      }
      return stored;
    } catch (DataAccessException | TransactionException e) {
      // Unreachable database: no connection for a transaction (CannotCreateTransactionException),
      // a statement or a commit or rollback that failed on a broken connection.
      throw new BatchListenerFailedException("the batch could not be stored", e, 0);
    }
  }
}
