package io.inferedge.policy;

import io.inferedge.contracts.Topics;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics this service owns or consumes, with their dead-letter topics; Boot's {@link
 * KafkaAdmin} creates the missing ones at start-up. policy-service owns {@link
 * Topics#POLICY_PUBLISHED} and consumes {@link Topics#OUTCOME_RECORDED}.
 */
@Configuration(proxyBeanMethods = false)
class PolicyTopics {

  static final int PARTITIONS = 3;

  @Bean
  KafkaAdmin.NewTopics policyNewTopics() {
    return new KafkaAdmin.NewTopics(
        Stream.of(Topics.POLICY_PUBLISHED, Topics.OUTCOME_RECORDED, Topics.DECISION_MADE)
            .flatMap(topic -> Stream.of(topic, Topics.deadLetter(topic)))
            .map(name -> TopicBuilder.name(name).partitions(PARTITIONS).replicas(1).build())
            .toArray(NewTopic[]::new));
  }
}
