package io.inferedge.gateway.frame;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.inferedge.contracts.Topics;
import io.inferedge.gateway.GatewayProperties;
import io.inferedge.gateway.policy.ActivePolicy;
import io.inferedge.gateway.stream.DecisionProperties;
import io.inferedge.gateway.stream.LiveStates;
import io.inferedge.gateway.stream.StreamRegistry;
import io.inferedge.policy.profile.Profile;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the frame path: one {@link RestClient} per downstream service, each built from Boot's
 * builder (message converters, observations) with that service's base URL and timeouts over a
 * pooled, kept-alive Apache HttpClient 5 connection (see {@link #requestFactory}), and the
 * Resilience4j breakers ({@value #POLICY_BREAKER}, {@value #DEVICE_BREAKER}, {@value
 * #SERVER_TIER_BREAKER}) and time limiter ({@value #POLICY_BREAKER}) of the fallbacks, whose states
 * and calls are Micrometer meters ({@code resilience4j_circuitbreaker_state} and others on {@code
 * /actuator/prometheus}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FallbackProperties.class)
class FrameConfiguration {

  static final String POLICY_BREAKER = "policy-service";
  static final String DEVICE_BREAKER = "device-tier";
  static final String SERVER_TIER_BREAKER = "server-tier";

  /** policy-service calls in flight at most; more take the default plan at once. */
  private static final int MAX_POLICY_CALLS = 32;

  /**
   * Kept-alive connections per downstream service: Tomcat's default request threads, so that a
   * frame never waits for a connection of the pool.
   */
  static final int MAX_CONNECTIONS = 200;

  private static final Logger log = LoggerFactory.getLogger(FrameConfiguration.class);

  @Bean
  CircuitBreakerRegistry circuitBreakerRegistry(FallbackProperties fallback, MeterRegistry meters) {
    var registry = CircuitBreakerRegistry.ofDefaults();
    registry.circuitBreaker(POLICY_BREAKER, fallback.policy().config(Exception.class));
    registry.circuitBreaker(DEVICE_BREAKER, fallback.device().config(DeviceTierException.class));
    registry.circuitBreaker(
        SERVER_TIER_BREAKER, fallback.serverTier().config(FrameService.ServerTierFailure.class));
    registry
        .getAllCircuitBreakers()
        .forEach(
            breaker ->
                breaker
                    .getEventPublisher()
                    .onStateTransition(
                        event ->
                            log.warn(
                                "circuit breaker {}: {}",
                                event.getCircuitBreakerName(),
                                event.getStateTransition())));
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
    return registry;
  }

  @Bean
  TimeLimiterRegistry timeLimiterRegistry(GatewayProperties properties, MeterRegistry meters) {
    var registry = TimeLimiterRegistry.ofDefaults();
    registry.timeLimiter(
        POLICY_BREAKER,
        TimeLimiterConfig.custom()
            .timeoutDuration(properties.decisionTimeout())
            .cancelRunningFuture(true)
            .build());
    TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(registry).bindTo(meters);
    return registry;
  }

  @Bean
  PolicyClient policyClient(
      RestClient.Builder builder,
      GatewayProperties properties,
      CircuitBreakerRegistry breakers,
      TimeLimiterRegistry timeLimiters) {
    return new PolicyClient(
        builder
            .clone()
            .baseUrl(properties.policyUrl())
            .requestFactory(
                requestFactory(properties.connectTimeout(), properties.decisionTimeout()))
            .build(),
        properties.fallbackPlan(),
        breakers.circuitBreaker(POLICY_BREAKER),
        timeLimiters.timeLimiter(POLICY_BREAKER),
        MAX_POLICY_CALLS);
  }

  @Bean
  InferenceClient inferenceClient(
      RestClient.Builder builder,
      GatewayProperties properties,
      CircuitBreakerRegistry breakers,
      JsonMapper json) {
    return new InferenceClient(
        builder
            .clone()
            .baseUrl(properties.inferenceUrl())
            .requestFactory(
                requestFactory(properties.connectTimeout(), properties.inferenceTimeout()))
            .build(),
        breakers.circuitBreaker(DEVICE_BREAKER),
        json);
  }

  @Bean
  InProcessPolicy inProcessPolicy(ActivePolicy activePolicy, Profile measuredProfile) {
    return new InProcessPolicy(activePolicy, measuredProfile);
  }

  /** The topic the gateway's own decisions go to (policy-service declares it too, with its DLT). */
  @Bean
  NewTopic decisionMadeTopic() {
    return TopicBuilder.name(Topics.DECISION_MADE).partitions(3).replicas(1).build();
  }

  /**
   * The publisher with a template of its own over the service's producer: its failures are counted
   * and logged, rate-limited, by the publisher, where Spring's default producer listener would log
   * every failed record. Observed like the service's template.
   */
  @Bean
  DecisionPublisher decisionPublisher(
      ProducerFactory<Object, Object> producerFactory,
      KafkaProperties kafkaProperties,
      ApplicationContext context,
      MeterRegistry meters) {
    var kafka = new KafkaTemplate<>(producerFactory);
    kafka.setProducerListener(new ProducerListener<>() {});
    kafka.setObservationEnabled(kafkaProperties.getTemplate().isObservationEnabled());
    kafka.setApplicationContext(context);
    kafka.afterSingletonsInstantiated();
    return new DecisionPublisher(kafka, meters);
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
      MeterRegistry meters,
      CircuitBreakerRegistry breakers,
      Profile measuredProfile,
      DecisionPublisher decisionPublisher) {
    return new FrameService(
        inProcessPolicy,
        policyClient,
        inferenceClient,
        new FrameSequences(),
        liveStates,
        streamRegistry,
        decisionProperties.deviceProfile(),
        clock,
        meters,
        breakers.circuitBreaker(SERVER_TIER_BREAKER),
        measuredProfile,
        decisionPublisher);
  }

  /**
   * A blocking HTTP/1.1 client whose calls run on the calling request thread over connections kept
   * alive in a pool. The JDK {@code HttpClient} used before handed every exchange between its
   * selector and worker threads and, through Spring's request body publisher and a completion stage
   * on a 2-core machine, started two new threads per call (see docs/benchmarks.md, "Gateway:
   * overhead over calling the device tier directly"). No automatic retries (HttpClient 5 would
   * re-send a frame answered 503 after a second; the breakers and fallbacks decide instead) and no
   * content decompression (error bodies are passed to the client as they came).
   */
  static ClientHttpRequestFactory requestFactory(Duration connect, Duration read) {
    return ClientHttpRequestFactoryBuilder.httpComponents()
        .withConnectionManagerCustomizer(
            pool -> pool.setMaxConnPerRoute(MAX_CONNECTIONS).setMaxConnTotal(MAX_CONNECTIONS))
        .withHttpClientCustomizer(
            client -> client.disableAutomaticRetries().disableContentCompression())
        .build(HttpClientSettings.defaults().withTimeouts(connect, read));
  }
}
