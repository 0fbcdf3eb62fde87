package io.inferedge.support.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the Kafka cluster reachable (UP, with its id and broker count) or not (DOWN). It is part
 * of the readiness group, so a service that cannot publish or consume is taken out of rotation.
 *
 * <p>Thread-safe: one admin client is shared by all health checks and closed with the context.
 */
public final class KafkaHealthIndicator extends AbstractHealthIndicator implements AutoCloseable {

  private final AdminClient admin;
  private final Duration timeout;

  public KafkaHealthIndicator(Map<String, Object> adminProperties, Duration timeout) {
    super("Kafka health check failed");
    var properties = new java.util.HashMap<>(adminProperties);
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    properties.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "health-check");
    this.admin = AdminClient.create(properties);
    this.timeout = timeout;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    var cluster =
        admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
    String clusterId = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    int brokers = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
    builder.up().withDetail("clusterId", clusterId).withDetail("brokers", brokers);
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(1));
  }
}
