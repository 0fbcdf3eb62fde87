package io.inferedge.gateway.policy;

import io.inferedge.contracts.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Wires the in-process copy of the active policy, the topics it is fed from, and the gauge {@code
 * gateway.policy.version}: the version of the actor this gateway holds (NaN before the first {@code
 * policy.published} record).
 */
@Configuration(proxyBeanMethods = false)
class PolicyConfiguration {

  @Bean
  ActivePolicy activePolicy(Clock clock) {
    return new ActivePolicy(clock);
  }

  @Bean
  MeterBinder activePolicyVersionMeter(ActivePolicy activePolicy) {
    return meters ->
        Gauge.builder(
                "gateway.policy.version",
                activePolicy,
                p -> p.current().map(s -> (double) s.policy().policyVersion()).orElse(Double.NaN))
            .description("Version of the policy whose actor this gateway decides with")
            .register(meters);
  }

  @Bean
  PolicyPublishedListener policyPublishedListener(ActivePolicy activePolicy) {
    return new PolicyPublishedListener(activePolicy);
  }

  @Bean
  NewTopic policyPublishedTopic() {
    return TopicBuilder.name(Topics.POLICY_PUBLISHED).partitions(3).replicas(1).build();
  }

  @Bean
  NewTopic policyPublishedDeadLetterTopic() {
    return TopicBuilder.name(Topics.deadLetter(Topics.POLICY_PUBLISHED))
        .partitions(3)
        .replicas(1)
        .build();
  }
}
