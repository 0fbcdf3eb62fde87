package io.inferedge.inference.plan;

import io.inferedge.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topics this service owns, created at start if missing (3 partitions, 1 replica). */
@Configuration(proxyBeanMethods = false)
class InferenceTopics {

  @Bean
  NewTopic inferenceCompletedTopic() {
    return TopicBuilder.name(Topics.INFERENCE_COMPLETED).partitions(3).replicas(1).build();
  }

  @Bean
  NewTopic inferenceCompletedDeadLetterTopic() {
    return TopicBuilder.name(Topics.deadLetter(Topics.INFERENCE_COMPLETED))
        .partitions(3)
        .replicas(1)
        .build();
  }
}
