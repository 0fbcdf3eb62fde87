package io.inferedge.support;

import io.inferedge.support.kafka.DeadLetters;
import io.inferedge.support.kafka.KafkaHealthIndicator;
import io.inferedge.support.security.ActuatorAccessFilter;
import io.inferedge.support.web.ProblemDetailsAdvice;
import io.inferedge.support.web.RequestSizeLimitFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wiring that every Infer-EDGE service gets by depending on this module: the Kafka readiness check,
 * the shared dead-letter error handler (which Boot applies to every listener container), RFC 9457
 * problem bodies, the request-size limit and, on services without Spring Security, the actuator
 * kept private but for health.
 */
// Before WebMvcAutoConfiguration: ProblemDetailsAdvice must exist when Boot decides whether to add
// its own ProblemDetailsExceptionHandler (@ConditionalOnMissingBean), or Boot's would answer first.
@AutoConfiguration(after = KafkaAutoConfiguration.class, before = WebMvcAutoConfiguration.class)
@EnableConfigurationProperties(SupportProperties.class)
public class SupportAutoConfiguration {

  @Bean(name = "kafkaHealthIndicator", destroyMethod = "close")
  KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties kafka, SupportProperties properties) {
    return new KafkaHealthIndicator(kafka.buildAdminProperties(), properties.kafkaHealthTimeout());
  }

  @Bean
  @ConditionalOnMissingBean(CommonErrorHandler.class)
  CommonErrorHandler kafkaErrorHandler(
      ProducerFactory<Object, Object> producerFactory, SupportProperties properties) {
    return DeadLetters.errorHandler(producerFactory, properties.kafkaMaxRetryInterval());
  }

  @Bean
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  ProblemDetailsAdvice problemDetailsAdvice() {
    return new ProblemDetailsAdvice();
  }

  @Bean
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(
      SupportProperties properties, JsonMapper json) {
    var registration =
        new FilterRegistrationBean<>(
            new RequestSizeLimitFilter(properties.maxRequestSize().toBytes(), json));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  /**
   * Services without Spring Security (all but the gateway) keep the actuator private with a plain
   * filter; the gateway's security chain applies the same rule.
   */
  @Bean
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnMissingClass("org.springframework.security.web.SecurityFilterChain")
  FilterRegistrationBean<ActuatorAccessFilter> actuatorAccessFilter(
      SupportProperties properties,
      ObjectProvider<WebEndpointProperties> endpoints,
      JsonMapper json) {
    String basePath = endpoints.getIfAvailable(WebEndpointProperties::new).getBasePath();
    var registration =
        new FilterRegistrationBean<>(
            new ActuatorAccessFilter(basePath, properties.adminKeyHash(), json));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    return registration;
  }
}
