package io.inferedge.support.kafka;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * The usable part of a batch delivered to a batch listener: the values of the records before the
 * first poison record (one the {@code ErrorHandlingDeserializer} could not turn into the expected
 * type, which arrives with a null value), and the failure that names the poison record's index.
 *
 * <p>A listener stores {@link #values()} and then calls {@link #throwIfPoisoned()}: the shared
 * error handler then commits the records before the poison one, sends it to the dead-letter topic
 * with its original bytes and redelivers the rest. Immutable.
 */
public final class BatchRecords<T> {

  private static final LogAccessor LOG = new LogAccessor(BatchRecords.class);

  private final List<T> values;
  private final BatchListenerFailedException failure;

  private BatchRecords(List<T> values, BatchListenerFailedException failure) {
    this.values = List.copyOf(values);
    this.failure = failure;
  }

  /** Splits {@code records} at the first record whose value is not a {@code type}. */
  public static <T> BatchRecords<T> of(
      List<? extends ConsumerRecord<?, ?>> records, Class<T> type) {
    var values = new ArrayList<T>(records.size());
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<?, ?> record = records.get(i);
      if (type.isInstance(record.value())) {
        values.add(type.cast(record.value()));
        continue;
      }
      return new BatchRecords<>(values, poison(record, type, i));
    }
    return new BatchRecords<>(values, null);
  }

  private static BatchListenerFailedException poison(
      ConsumerRecord<?, ?> record, Class<?> type, int i) {
    DeserializationException cause =
        SerializationUtils.getExceptionFromHeader(
            record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
    Exception why =
        cause != null
            ? cause
            : new IllegalArgumentException(
                "value must be a "
                    + type.getSimpleName()
                    + ", was "
                    + (record.value() == null ? "null" : record.value().getClass().getName()));
    return new BatchListenerFailedException(
        "record "
            + record.topic()
            + "-"
            + record.partition()
            + "@"
            + record.offset()
            + " is not a valid "
            + type.getSimpleName(),
        why,
        i);
  }

  /** The values before the first poison record, in delivery order. */
  public List<T> values() {
    return values;
  }

  /** Whether a poison record stopped the batch. */
  public boolean poisoned() {
    return failure != null;
  }

  /** Hands the poison record, if any, to the container's error handler. */
  public void throwIfPoisoned() {
    if (failure != null) {
      throw failure;
    }
  }
}
