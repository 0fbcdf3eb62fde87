package io.inferedge.policy.decision;

import io.inferedge.policy.PolicyProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which {@link DecisionPolicy} decides: the active trained policy for callers that send a state,
 * the configured default plan otherwise. The active version is the gauge {@code
 * policy.active.version} (NaN while no trained policy is active).
 */
@Configuration(proxyBeanMethods = false)
class DecisionConfiguration {

  @Bean
  DecisionPolicy decisionPolicy(PolicyProperties properties, ActivePolicy active) {
    return new TrainedOrDefaultPolicy(active, new DefaultPlanPolicy(properties.plan()));
  }

  @Bean
  MeterBinder activePolicyVersionMeter(ActivePolicy active) {
    return meters ->
        Gauge.builder(
                "policy.active.version",
                active,
                a -> a.get().map(p -> (double) p.version()).orElse(Double.NaN))
            .description("Version of the policy decisions are made with (NaN: none active)")
            .register(meters);
  }
}
