package io.inferedge.gateway.policy;

import io.inferedge.contracts.Topics;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Wires the in-process copy of the active policy and the topics it is fed from. */
@Configuration(proxyBeanMethods = false)
class PolicyConfiguration {

  @Bean
  ActivePolicy activePolicy(Clock clock) {
    return new ActivePolicy(clock);
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
