package io.inferedge.gateway.stream;

import io.inferedge.contracts.Topics;
import io.inferedge.support.web.ApiException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Persists stream registrations the way the gateway persists API keys ({@code ApiKeyLog}): each
 * registration or update is a record on the compacted topic {@value Topics#STREAMS} keyed by stream
 * id, each deletion a tombstone. Every gateway instance consumes the topic from the beginning in a
 * group of its own, so a restarted or a second instance knows the same streams. Writes wait for the
 * broker's acknowledgement before the API answers.
 *
 * <p>Thread-safe (the template is; the registry is).
 */
final class StreamLog {

  static final String ID = "gateway-streams";

  private static final Logger log = LoggerFactory.getLogger(StreamLog.class);

  private final KafkaTemplate<Object, Object> kafka;
  private final StreamRegistry registry;
  private final Duration sendTimeout;

  StreamLog(KafkaTemplate<Object, Object> kafka, StreamRegistry registry, Duration sendTimeout) {
    this.kafka = kafka;
    this.registry = registry;
    this.sendTimeout = sendTimeout;
  }

  /** Records a registration or update, then applies it here at once. */
  void put(StreamRegistration registration) {
    send(registration.streamId(), registration);
    registry.put(registration);
    log.info("stream {} registered: {}", registration.streamId(), registration.requirements());
  }

  /** Records a deletion, then applies it here at once. */
  void delete(String streamId) {
    send(streamId, null);
    registry.remove(streamId);
    log.info("stream {} deleted", streamId);
  }

  private void send(String streamId, StreamRegistration value) {
    try {
      kafka
          .send(Topics.STREAMS, streamId, value)
          .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StreamStoreUnavailableException(e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw new StreamStoreUnavailableException(e);
    }
  }

  @KafkaListener(
      id = ID,
      topics = Topics.STREAMS,
      groupId = "gateway-streams-${random.uuid}",
      properties = {
        "auto.offset.reset=earliest",
        "spring.json.value.default.type=io.inferedge.gateway.stream.StreamRegistration",
        "spring.json.use.type.headers=false"
      })
  void onRecord(ConsumerRecord<String, StreamRegistration> record) {
    if (record.key() == null) {
      log.warn("ignored a record without a stream id at offset {}", record.offset());
      return;
    }
    if (record.value() == null) {
      registry.remove(record.key());
      return;
    }
    registry.put(record.value());
  }

  /** The streams topic could not take a write in time (503): nothing changed. */
  static final class StreamStoreUnavailableException extends ApiException {
    StreamStoreUnavailableException(Throwable cause) {
      super(
          HttpStatus.SERVICE_UNAVAILABLE,
          null,
          "the stream store (Kafka topic " + Topics.STREAMS + ") is unavailable; try again",
          cause);
    }
  }
}
