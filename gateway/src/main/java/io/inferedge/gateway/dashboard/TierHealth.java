package io.inferedge.gateway.dashboard;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The tiers' health for the dashboard, gathered when asked and cached for {@link #CACHE}: each
 * downstream service's {@code /actuator/health} (telemetry-service's includes its database), the
 * gateway's circuit breakers (device tier, server tier as the device tier reports it,
 * policy-service), and each Kafka consumer group's lag (end offset minus committed offset, summed
 * over the group's partitions) read with the admin client. A source that does not answer within the
 * client's time-outs is reported as {@code UNREACHABLE}, not as an error of the dashboard.
 *
 * <p>Thread-safe: the cache is one volatile snapshot; concurrent refreshes are harmless.
 */
final class TierHealth {

  static final Duration CACHE = Duration.ofSeconds(2);

  private static final long ADMIN_TIMEOUT_MILLIS = 3000;

  /**
   * @param status {@code UP}, {@code DOWN}, ..., or {@code UNREACHABLE}
   * @param components the health components' statuses (e.g. {@code db}, {@code kafka})
   */
  record Service(String name, URI url, String status, Map<String, String> components) {}

  record Breaker(String name, String state, float failureRatePercent) {}

  /**
   * @param lag end offsets minus committed offsets over the group's partitions
   */
  record ConsumerGroup(String groupId, long lag, int partitions) {}

  /**
   * @param kafkaError null when the admin client answered
   */
  record Snapshot(
      long atMillis,
      List<Service> services,
      List<Breaker> breakers,
      List<ConsumerGroup> consumerGroups,
      String kafkaError) {}

  private final Map<String, URI> services;
  private final RestClient http;
  private final CircuitBreakerRegistry breakers;
  private final Admin admin;
  private final Clock clock;
  private volatile Snapshot cached;

  /**
   * @param services name to base URL of each downstream service
   */
  TierHealth(
      Map<String, URI> services,
      RestClient http,
      CircuitBreakerRegistry breakers,
      Admin admin,
      Clock clock) {
    this.services = services;
    this.http = http;
    this.breakers = breakers;
    this.admin = admin;
    this.clock = clock;
  }

  Snapshot current() {
    Snapshot snapshot = cached;
    long now = clock.millis();
    if (snapshot == null || now - snapshot.atMillis() >= CACHE.toMillis()) {
      snapshot = refresh(now);
      cached = snapshot;
    }
    return snapshot;
  }

  private Snapshot refresh(long now) {
    List<Service> found = new ArrayList<>();
    services.forEach((name, url) -> found.add(service(name, url)));
    List<Breaker> states =
        breakers.getAllCircuitBreakers().stream()
            .map(
                b -> new Breaker(b.getName(), b.getState().name(), b.getMetrics().getFailureRate()))
            .sorted((a, b) -> a.name().compareTo(b.name()))
            .toList();
    List<ConsumerGroup> groups = List.of();
    String kafkaError = null;
    try {
      groups = consumerGroups();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      kafkaError = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    return new Snapshot(now, found, states, groups, kafkaError);
  }

  private Service service(String name, URI url) {
    try {
      JsonNode health =
          http.get().uri(url.resolve("/actuator/health")).retrieve().body(JsonNode.class);
      Map<String, String> components = new LinkedHashMap<>();
      if (health != null) {
        health
            .path("components")
            .properties()
            .forEach(e -> components.put(e.getKey(), e.getValue().path("status").asString()));
      }
      return new Service(
          name,
          url,
          health == null ? "UNKNOWN" : health.path("status").asString("UNKNOWN"),
          components);
    } catch (RuntimeException e) {
      // A DOWN service answers 503 with its body; anything else means it could not be asked.
      if (e instanceof org.springframework.web.client.HttpServerErrorException s
          && s.getStatusCode().value() == 503) {
        return new Service(name, url, "DOWN", Map.of());
      }
      return new Service(name, url, "UNREACHABLE", Map.of());
    }
  }

  private static boolean active(GroupState state) {
    return state != GroupState.EMPTY && state != GroupState.DEAD;
  }

  private List<ConsumerGroup> consumerGroups() throws Exception {
    List<String> ids =
        admin.listConsumerGroups().all().get(ADMIN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).stream()
            // Groups with no member (e.g. the random groups of stopped gateway instances) are left
            // out.
            .filter(g -> g.groupState().map(TierHealth::active).orElse(true))
            .map(ConsumerGroupListing::groupId)
            .sorted()
            .toList();
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
    ids.forEach(id -> specs.put(id, new ListConsumerGroupOffsetsSpec()));
    var offsets = admin.listConsumerGroupOffsets(specs);
    Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new LinkedHashMap<>();
    Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
    for (String id : ids) {
      Map<TopicPartition, OffsetAndMetadata> group =
          offsets
              .partitionsToOffsetAndMetadata(id)
              .get(ADMIN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      committed.put(id, group);
      group.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    }
    var ends = admin.listOffsets(latest).all().get(ADMIN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    List<ConsumerGroup> groups = new ArrayList<>();
    committed.forEach(
        (id, group) -> {
          long lag = 0;
          for (var e : group.entrySet()) {
            var end = ends.get(e.getKey());
            if (end != null && e.getValue() != null) {
              lag += Math.max(0, end.offset() - e.getValue().offset());
            }
          }
          groups.add(new ConsumerGroup(id, lag, group.size()));
        });
    return groups;
  }
}
