package io.inferedge.support.kafka;

import io.inferedge.contracts.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Builds the one error handler every listener of a service shares: a failed record is retried a few
 * times (unless retrying cannot help), then published to {@code <topic>-dlt} with the exception in
 * the record's headers, and the consumer moves on. Records that could not be deserialised keep
 * their original bytes.
 */
public final class DeadLetters {

  /**
   * Header with the most specific cause of the failure, e.g. the record field that failed
   * validation; Spring's own {@code kafka_dlt-exception-*} headers are there too.
   */
  public static final String REASON_HEADER = "x-dead-letter-reason";

  private DeadLetters() {}

  /**
   * @param producerFactory the service's producer factory; a byte-array copy of it publishes
   *     records that failed deserialisation
   * @param maxRetryInterval the longest pause between two attempts at a record that failed for a
   *     reason other than its content
   */
  public static DefaultErrorHandler errorHandler(
      ProducerFactory<Object, Object> producerFactory, Duration maxRetryInterval) {
    KafkaOperations<Object, Object> json = new KafkaTemplate<>(producerFactory);
    KafkaOperations<Object, Object> bytes =
        new KafkaTemplate<>(
            producerFactory,
            Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    var templates = new java.util.LinkedHashMap<Class<?>, KafkaOperations<?, ?>>();
    templates.put(byte[].class, bytes);
    templates.put(Object.class, json);
    var recoverer =
        new DeadLetterPublishingRecoverer(
            templates,
            // Partition -1 lets the producer choose: a dead-letter topic may have fewer partitions.
            (record, exception) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
    recoverer.setHeadersFunction(
        (record, exception) -> {
          var reason =
              org.springframework.core.NestedExceptionUtils.getMostSpecificCause(exception);
          var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
          headers.add(
              REASON_HEADER,
              String.valueOf(reason.getMessage())
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
          return headers;
        });
    // A record that failed for any reason but its content (the database is down, a broker is
    // unreachable) is retried, with pauses growing to maxRetryInterval, until it succeeds: nothing
    // accepted is dead-lettered or lost because a dependency was briefly away. The partition waits.
    var backOff = new ExponentialBackOff(200, 2.0);
    backOff.setMaxInterval(maxRetryInterval.toMillis());
    var handler = new DefaultErrorHandler(recoverer, backOff);
    // Bad data stays bad: it goes to the dead-letter topic at once. Spring already classifies
    // deserialisation and conversion failures so; these are the ones our records and tables add.
    handler.addNotRetryableExceptions(
        IllegalArgumentException.class,
        org.springframework.dao.DataIntegrityViolationException.class,
        org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException
            .class);
    return handler;
  }
}
