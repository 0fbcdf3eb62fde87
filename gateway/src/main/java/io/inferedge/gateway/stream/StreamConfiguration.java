package io.inferedge.gateway.stream;

import io.inferedge.contracts.Topics;
import io.inferedge.policy.profile.LinkProfile;
import io.inferedge.policy.profile.Profile;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Wires the stream registry (persisted on {@value Topics#STREAMS}), the live per-stream state and
 * the measured profile the in-process policy decides under. A device or link profile the measured
 * profile lacks stops the start.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DecisionProperties.class)
class StreamConfiguration {

  @Bean
  Profile measuredProfile(DecisionProperties properties) {
    Profile profile = Profile.measured();
    if (profile.devices().stream().noneMatch(d -> d.name().equals(properties.deviceProfile()))) {
      throw new IllegalArgumentException(
          "deviceProfile must be a device of the measured profile, was '"
              + properties.deviceProfile()
              + "'");
    }
    if (profile.links().stream().noneMatch(l -> l.name().equals(properties.linkProfile()))) {
      throw new IllegalArgumentException(
          "linkProfile must be a link of the measured profile, was '"
              + properties.linkProfile()
              + "'");
    }
    return profile;
  }

  @Bean
  LiveStates liveStates(DecisionProperties properties, Profile measuredProfile) {
    LinkProfile link = measuredProfile.link(properties.linkProfile());
    return new LiveStates(
        link.bandwidthMbps(),
        link.rttMs(),
        properties.sceneCutThreshold(),
        properties.decisionLogSize(),
        properties.streamIdle().toNanos(),
        properties.maxStreams(),
        System.nanoTime());
  }

  @Bean
  StreamRegistry streamRegistry() {
    return new StreamRegistry();
  }

  @Bean
  StreamLog streamLog(KafkaTemplate<Object, Object> kafka, StreamRegistry registry) {
    return new StreamLog(kafka, registry, Duration.ofSeconds(10));
  }

  @Bean
  NewTopic streamsTopic() {
    return TopicBuilder.name(Topics.STREAMS).partitions(1).replicas(1).compact().build();
  }

  @Bean
  NewTopic streamsDeadLetterTopic() {
    return TopicBuilder.name(Topics.deadLetter(Topics.STREAMS)).partitions(1).replicas(1).build();
  }
}
