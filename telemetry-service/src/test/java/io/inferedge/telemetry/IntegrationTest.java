package io.inferedge.telemetry;

import io.inferedge.support.test.KafkaRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service against a real (embedded) Kafka broker and a real PostgreSQL. Every subclass
 * shares one application context (same configuration, so Spring's test context cache reuses it).
 */
@SpringBootTest(properties = "infer-edge.support.admin-key-hash=" + IntegrationTest.ADMIN_KEY_HASH)
@AutoConfigureMockMvc
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
public abstract class IntegrationTest {

  /** Test-only admin key (opens /actuator/prometheus) and its SHA-256. */
  protected static final String ADMIN_KEY = "ie_test-only-admin-key-not-a-secret";

  protected static final String ADMIN_KEY_HASH =
      "a05eb6ca2e336929354def00fe1141bcdc1218fa2b4f5cb63034dcb09c9496b3";

  @Autowired protected EmbeddedKafkaBroker broker;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", TestPostgres::jdbcUrl);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
  }

  /** Sends bytes as they are, without type headers, as a foreign or broken producer would. */
  protected void sendRaw(String topic, String key, byte[] value) throws Exception {
    KafkaRecords.sendRaw(broker, topic, key, value);
  }

  /** Waits for the record with {@code key} on {@code topic}, read from the beginning. */
  protected ConsumerRecord<String, byte[]> awaitRecord(String topic, String key) {
    return KafkaRecords.awaitRecord(broker, topic, key);
  }
}
