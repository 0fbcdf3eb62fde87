package io.inferedge.gateway.security;

import io.inferedge.contracts.Topics;
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
 * Persists issued API keys without a database: each issue is a record on the compacted topic
 * {@value Topics#API_KEYS} keyed by key id, each revocation a tombstone under that id. Every
 * gateway instance consumes the topic from the beginning in a group of its own, so a restarted or a
 * second instance accepts exactly the keys issued and not revoked. Compaction keeps the topic at
 * one record per live key.
 *
 * <p>Writes wait for the broker's acknowledgement: a key is handed out only once it is durable, and
 * a revocation is reported only once every instance will see it. Logs ids and names, never keys or
 * hashes. Thread-safe (the template is; the store is).
 */
final class ApiKeyLog {

  static final String ID = "gateway-api-keys";

  private static final Logger log = LoggerFactory.getLogger(ApiKeyLog.class);

  private final KafkaTemplate<Object, Object> kafka;
  private final ApiKeyStore store;
  private final Duration sendTimeout;

  ApiKeyLog(KafkaTemplate<Object, Object> kafka, ApiKeyStore store, Duration sendTimeout) {
    this.kafka = kafka;
    this.store = store;
    this.sendTimeout = sendTimeout;
  }

  /** Records an issued key, then accepts it here at once (the listener will see it again). */
  void issued(ApiKeyIssued issued) {
    send(issued.keyId(), issued);
    store.accept(issued);
    log.info("API key {} ('{}') issued", issued.keyId(), issued.name());
  }

  /** Records the revocation of an issued key, then stops accepting it here at once. */
  void revoked(String keyId) {
    send(keyId, null);
    store.revoke(keyId);
    log.info("API key {} revoked", keyId);
  }

  private void send(String keyId, ApiKeyIssued value) {
    try {
      kafka.send(Topics.API_KEYS, keyId, value).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeyStoreUnavailableException(e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw new KeyStoreUnavailableException(e);
    }
  }

  @KafkaListener(
      id = ID,
      topics = Topics.API_KEYS,
      groupId = "gateway-api-keys-${random.uuid}",
      properties = {
        "auto.offset.reset=earliest",
        "spring.json.value.default.type=io.inferedge.gateway.security.ApiKeyIssued",
        "spring.json.use.type.headers=false"
      })
  void onRecord(ConsumerRecord<String, ApiKeyIssued> record) {
    if (record.key() == null) {
      log.warn("ignored a record without a key id at offset {}", record.offset());
      return;
    }
    if (record.value() == null) {
      if (store.revoke(record.key())) {
        log.info("API key {} revoked (from {})", record.key(), Topics.API_KEYS);
      }
      return;
    }
    store.accept(record.value());
    log.debug("API key {} accepted (from {})", record.key(), Topics.API_KEYS);
  }

  /** The key topic could not take a write in time (503): nothing was issued or revoked. */
  static final class KeyStoreUnavailableException extends io.inferedge.support.web.ApiException {
    KeyStoreUnavailableException(Throwable cause) {
      super(
          HttpStatus.SERVICE_UNAVAILABLE,
          null,
          "the API key store (Kafka topic " + Topics.API_KEYS + ") is unavailable; try again",
          cause);
    }
  }
}
