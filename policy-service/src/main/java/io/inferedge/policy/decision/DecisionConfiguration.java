package io.inferedge.policy.decision;

import io.inferedge.policy.PolicyProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which {@link DecisionPolicy} decides: the active trained policy for callers that send a state,
 * the configured default plan otherwise.
 */
@Configuration(proxyBeanMethods = false)
class DecisionConfiguration {

  @Bean
  DecisionPolicy decisionPolicy(PolicyProperties properties, ActivePolicy active) {
    return new TrainedOrDefaultPolicy(active, new DefaultPlanPolicy(properties.plan()));
  }
}
