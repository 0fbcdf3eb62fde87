package io.inferedge.gateway.frame;

import io.inferedge.gateway.GatewayProperties;
import io.inferedge.gateway.policy.ActivePolicy;
import io.inferedge.gateway.stream.DecisionProperties;
import io.inferedge.gateway.stream.LiveStates;
import io.inferedge.gateway.stream.StreamRegistry;
import io.inferedge.policy.profile.Profile;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Wires the frame path: one {@link RestClient} per downstream service, each built from Boot's
 * builder (message converters, observations) with that service's base URL and timeouts.
 */
@Configuration(proxyBeanMethods = false)
class FrameConfiguration {

  @Bean
  PolicyClient policyClient(RestClient.Builder builder, GatewayProperties properties) {
    return new PolicyClient(
        builder
            .clone()
            .baseUrl(properties.policyUrl())
            .requestFactory(factory(properties.connectTimeout(), properties.decisionTimeout()))
            .build(),
        properties.fallbackPlan());
  }

  @Bean
  InferenceClient inferenceClient(RestClient.Builder builder, GatewayProperties properties) {
    return new InferenceClient(
        builder
            .clone()
            .baseUrl(properties.inferenceUrl())
            .requestFactory(factory(properties.connectTimeout(), properties.inferenceTimeout()))
            .build());
  }

  @Bean
  InProcessPolicy inProcessPolicy(ActivePolicy activePolicy, Profile measuredProfile) {
    return new InProcessPolicy(activePolicy, measuredProfile);
  }

  @Bean
  FrameService frameService(
      InProcessPolicy inProcessPolicy,
      PolicyClient policyClient,
      InferenceClient inferenceClient,
      LiveStates liveStates,
      StreamRegistry streamRegistry,
      DecisionProperties decisionProperties,
      Clock clock,
      MeterRegistry meters) {
    return new FrameService(
        inProcessPolicy,
        policyClient,
        inferenceClient,
        new FrameSequences(),
        liveStates,
        streamRegistry,
        decisionProperties.deviceProfile(),
        clock,
        meters);
  }

  private static ClientHttpRequestFactory factory(Duration connect, Duration read) {
    return ClientHttpRequestFactoryBuilder.jdk()
        .build(HttpClientSettings.defaults().withTimeouts(connect, read));
  }
}
