package io.inferedge.inference.tier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the tier secret: both roles read it (the device tier to send it); a server-role instance
 * guards {@code /api/v1/tensors} with {@link TierSecretFilter}, ahead of the request-size limit so
 * that an unauthenticated body is never read.
 */
@Configuration(proxyBeanMethods = false)
class TierSecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(TierSecurityConfiguration.class);

  @Bean
  TierSecret tierSecret(@Value("${infer-edge.inference.tier-secret:}") String secret) {
    return new TierSecret(secret);
  }

  @Bean
  @ConditionalOnProperty(name = "infer-edge.inference.role", havingValue = "server")
  FilterRegistrationBean<TierSecretFilter> tierSecretFilter(TierSecret secret, JsonMapper json) {
    if (!secret.isConfigured()) {
      log.warn(
          "no tier secret configured (infer-edge.inference.tier-secret / TIER_SECRET):"
              + " every tensor will be refused with 401");
    }
    var registration = new FilterRegistrationBean<>(new TierSecretFilter(secret, json));
    registration.addUrlPatterns(TierSecretFilter.PATH, TierSecretFilter.PATH + "/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
    return registration;
  }
}
