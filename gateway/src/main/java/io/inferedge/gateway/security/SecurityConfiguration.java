package io.inferedge.gateway.security;

import io.inferedge.contracts.Topics;
import io.inferedge.support.web.RequestSizeLimitFilter;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's security chain (Spring Security): every path needs a key but {@code
 * /actuator/health} and its groups; {@code /api/v1/admin/**}, the rest of the actuator and the
 * policy-version writes through the proxy ({@code POST /api/v1/policy/policies/**}: import,
 * activate, roll back) need the admin key; everything else (frames, streams, the proxied telemetry
 * and policy APIs) an API key or the admin key, within the key's rate limit and request size limit.
 * Stateless: no session, no cookie, so no CSRF token either. Refusals are problem bodies. The
 * dashboard has a chain of its own in front of this one ({@link DashboardSecurityConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewaySecurityProperties.class)
class SecurityConfiguration {

  @Bean
  ApiKeyStore apiKeyStore(GatewaySecurityProperties properties, Clock clock) {
    return new ApiKeyStore(
        properties.apiKeys(), properties.maxRequestSize().toBytes(), clock.instant());
  }

  @Bean
  ApiKeyLog apiKeyLog(KafkaTemplate<Object, Object> kafka, ApiKeyStore store) {
    return new ApiKeyLog(kafka, store, Duration.ofSeconds(10));
  }

  @Bean
  NewTopic apiKeysTopic() {
    return TopicBuilder.name(Topics.API_KEYS).partitions(1).replicas(1).compact().build();
  }

  @Bean
  NewTopic apiKeysDeadLetterTopic() {
    return TopicBuilder.name(Topics.deadLetter(Topics.API_KEYS)).partitions(1).replicas(1).build();
  }

  @Bean
  SecurityFilterChain securityFilterChain(
      HttpSecurity http, GatewaySecurityProperties properties, ApiKeyStore store, JsonMapper json)
      throws Exception {
    var problems = new ProblemAuthenticationHandlers(json);
    http.csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers("/actuator/health", "/actuator/health/**")
                    .permitAll()
                    // Errors of requests already let through are rendered at /error.
                    .requestMatchers("/error")
                    .permitAll()
                    .requestMatchers("/actuator", "/actuator/**", "/api/v1/admin/**")
                    .hasRole("ADMIN")
                    // Importing, activating and rolling back policy versions changes every
                    // stream's decisions: admin only.
                    .requestMatchers(HttpMethod.POST, "/api/v1/policy/policies/**")
                    .hasRole("ADMIN")
                    .anyRequest()
                    .hasAnyRole("API", "ADMIN"))
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .addFilterBefore(
            new ApiKeyAuthenticationFilter(store, properties.adminKeyHash()),
            AnonymousAuthenticationFilter.class)
        .addFilterBefore(
            new PerKeyRateLimitFilter(properties.rateLimit(), json), AuthorizationFilter.class)
        .addFilterBefore(perKeySizeLimit(store, json), AuthorizationFilter.class);
    return http.build();
  }

  /**
   * The request size limit of the authenticated API key (service-support's filter with a limit per
   * request): 413 on a declared {@code Content-Length} over it, or once a chunked body grows past
   * it. The admin key and unauthenticated requests have only the global limit, which every request
   * meets first ({@code infer-edge.support.max-request-size}).
   */
  private static RequestSizeLimitFilter perKeySizeLimit(ApiKeyStore store, JsonMapper json) {
    var filter =
        new RequestSizeLimitFilter(
            request -> {
              Authentication authentication =
                  SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
              ApiKeyStore.Entry key =
                  authentication == null || !authentication.isAuthenticated()
                      ? null
                      : store.find(authentication.getName());
              return key == null ? -1 : key.maxRequestBytes();
            },
            json);
    // Its own name, so that it does not take the request for one the global filter already saw.
    filter.setBeanName("perKeyRequestSizeLimitFilter");
    return filter;
  }
}
