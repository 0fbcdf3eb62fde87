package io.inferedge.policy.decision;

import io.inferedge.policy.PolicyProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which {@link DecisionPolicy} is active: for now the configured default plan. */
@Configuration(proxyBeanMethods = false)
class DecisionConfiguration {

  @Bean
  DecisionPolicy decisionPolicy(PolicyProperties properties) {
    return new DefaultPlanPolicy(properties.plan());
  }
}
