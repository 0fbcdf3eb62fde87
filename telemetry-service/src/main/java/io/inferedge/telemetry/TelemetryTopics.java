package io.inferedge.telemetry;

import io.inferedge.contracts.Topics;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics this service consumes or owns, with their dead-letter topics; Boot's {@link
 * KafkaAdmin} creates the missing ones at start-up. telemetry-service consumes {@link
 * Topics#INFERENCE_COMPLETED} and owns {@link Topics#POWER_SAMPLED} and {@link
 * Topics#OUTCOME_RECORDED}.
 */
@Configuration(proxyBeanMethods = false)
class TelemetryTopics {

  static final int PARTITIONS = 3;

  @Bean
  KafkaAdmin.NewTopics telemetryNewTopics() {
    return new KafkaAdmin.NewTopics(
        Stream.of(Topics.INFERENCE_COMPLETED, Topics.POWER_SAMPLED, Topics.OUTCOME_RECORDED)
            .flatMap(topic -> Stream.of(topic, Topics.deadLetter(topic)))
            .map(name -> TopicBuilder.name(name).partitions(PARTITIONS).replicas(1).build())
            .toArray(NewTopic[]::new));
  }
}
