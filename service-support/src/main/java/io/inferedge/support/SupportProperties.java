package io.inferedge.support;

import io.inferedge.support.security.KeyHashes;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings every service shares, under {@code infer-edge.support}.
 *
 * @param maxRequestSize largest request body accepted, 413 above it
 * @param kafkaHealthTimeout how long the readiness check waits for the Kafka cluster
 * @param kafkaMaxRetryInterval the longest pause between attempts at a record that failed for a
 *     reason other than its content (poison records go to the dead-letter topic at once)
 * @param adminKeyHash hex SHA-256 of the admin key that opens the actuator endpoints other than
 *     health ({@code info}, {@code prometheus}); none (the default) keeps them closed. Only the
 *     hash is configured: the key itself never reaches a service's configuration or logs.
 */
@ConfigurationProperties("infer-edge.support")
public record SupportProperties(
    @DefaultValue("4MB") DataSize maxRequestSize,
    @DefaultValue("2s") Duration kafkaHealthTimeout,
    @DefaultValue("30s") Duration kafkaMaxRetryInterval,
    String adminKeyHash) {

  public SupportProperties {
    adminKeyHash =
        adminKeyHash == null || adminKeyHash.isBlank()
            ? null
            : KeyHashes.requireHash("adminKeyHash", adminKeyHash);
  }
}
