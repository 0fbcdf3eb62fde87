package io.inferedge.inference.power;

import io.inferedge.contracts.Topics;
import io.inferedge.inference.InferenceProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Wires power sampling into a device-role instance with {@code infer-edge.inference.power.enabled}
 * (the default); a server-role instance only records busy intervals, which nothing reads. Declares
 * {@link Topics#POWER_SAMPLED}, which this service owns, and its dead-letter topic.
 */
@Configuration(proxyBeanMethods = false)
class PowerConfiguration {

  static final String DEVICE_ROLE_AND_ENABLED =
      "'${infer-edge.inference.role:device}'.equalsIgnoreCase('device')"
          + " and ${infer-edge.inference.power.enabled:true}";

  @Bean
  BusyIntervals busyIntervals() {
    return new BusyIntervals();
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnExpression(DEVICE_ROLE_AND_ENABLED)
  PowerEventPublisher powerEventPublisher(
      KafkaTemplate<String, Object> kafka, MeterRegistry meters) {
    return new PowerEventPublisher(kafka, meters);
  }

  @Bean
  @ConditionalOnExpression(DEVICE_ROLE_AND_ENABLED)
  PowerSampling powerSampling(
      InferenceProperties properties,
      BusyIntervals busy,
      Clock clock,
      PowerEventPublisher publisher,
      MeterRegistry meters) {
    InferenceProperties.Power power = properties.power();
    var selector =
        new PowerSourceSelector(
            power.sysfsRoot(),
            power.tegrastatsCommand(),
            PowerSourceSelector::onPath,
            () -> new PowerModelSource(busy, properties.device()));
    return new PowerSampling(properties, selector, clock, publisher, meters);
  }

  @Bean
  NewTopic powerSampledTopic() {
    return TopicBuilder.name(Topics.POWER_SAMPLED).partitions(3).replicas(1).build();
  }

  @Bean
  NewTopic powerSampledDeadLetterTopic() {
    return TopicBuilder.name(Topics.deadLetter(Topics.POWER_SAMPLED))
        .partitions(3)
        .replicas(1)
        .build();
  }
}
