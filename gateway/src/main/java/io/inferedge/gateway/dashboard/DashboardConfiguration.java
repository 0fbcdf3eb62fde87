package io.inferedge.gateway.dashboard;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.inferedge.gateway.GatewayProperties;
import io.inferedge.gateway.stream.DecisionProperties;
import io.inferedge.policy.environment.PlanTable;
import io.inferedge.policy.profile.LinkProfile;
import io.inferedge.policy.profile.Profile;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.web.client.RestClient;

/**
 * Wires the dashboard: the frame timeline the frame path records into, the outcome windows fed from
 * Kafka, the trade-off table of the measured profile on the gateway's device class, and the clients
 * the dashboard asks (policy-service, the services' health, the Kafka admin client for consumer
 * lag), all with short time-outs so that a slow tier never holds the page.
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

  /** Frames kept for the charts, of all streams together (about 2 minutes at 60 frames/s). */
  static final int TIMELINE_CAPACITY = 8192;

  /** Outcomes kept per stream (2 minutes at 15 frames/s). */
  static final int OUTCOMES_PER_STREAM = 1800;

  /** Streams whose outcomes are kept. */
  static final int OUTCOME_STREAMS = 256;

  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(1);

  @Bean
  FrameTimeline frameTimeline(Clock clock) {
    return new FrameTimeline(TIMELINE_CAPACITY, clock);
  }

  @Bean
  OutcomeWindows outcomeWindows(Clock clock) {
    return new OutcomeWindows(OUTCOMES_PER_STREAM, OUTCOME_STREAMS, clock);
  }

  @Bean
  TradeOffs tradeOffs(Profile measuredProfile, DecisionProperties properties) {
    return new TradeOffs(
        new PlanTable(measuredProfile, measuredProfile.device(properties.deviceProfile())));
  }

  @Bean
  LinkProfile dashboardLinkProfile(Profile measuredProfile, DecisionProperties properties) {
    return measuredProfile.link(properties.linkProfile());
  }

  @Bean(destroyMethod = "close")
  Admin dashboardKafkaAdmin(KafkaAdmin kafkaAdmin) {
    return Admin.create(kafkaAdmin.getConfigurationProperties());
  }

  @Bean
  TierHealth tierHealth(
      RestClient.Builder builder,
      GatewayProperties properties,
      CircuitBreakerRegistry breakers,
      Admin dashboardKafkaAdmin,
      Clock clock) {
    Map<String, URI> services = new LinkedHashMap<>();
    services.put("inference-service (device tier)", properties.inferenceUrl());
    services.put("telemetry-service (database)", properties.telemetryUrl());
    services.put("policy-service", properties.policyUrl());
    return new TierHealth(services, client(builder, null), breakers, dashboardKafkaAdmin, clock);
  }

  @Bean
  PolicyVersions policyVersions(RestClient.Builder builder, GatewayProperties properties) {
    return new PolicyVersions(client(builder, properties.policyUrl()));
  }

  private static RestClient client(RestClient.Builder builder, URI baseUrl) {
    RestClient.Builder b =
        builder
            .clone()
            .requestFactory(
                ClientHttpRequestFactoryBuilder.jdk()
                    .build(
                        HttpClientSettings.defaults()
                            .withTimeouts(CLIENT_TIMEOUT, CLIENT_TIMEOUT)));
    return (baseUrl == null ? b : b.baseUrl(baseUrl)).build();
  }
}
