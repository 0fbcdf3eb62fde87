package io.inferedge.policy.store;

import io.inferedge.contracts.PolicyPublished;
import io.inferedge.contracts.Topics;
import java.time.Clock;
import java.util.UUID;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends {@link PolicyPublished} to {@link Topics#POLICY_PUBLISHED} when a version becomes active,
 * keyed by the version number, so that the gateway can decide in-process. Thread-safe.
 */
@Component
final class PolicyPublisher {

  private static final LogAccessor LOG = new LogAccessor(PolicyPublisher.class);

  private final KafkaTemplate<String, Object> kafka;
  private final Clock clock;

  PolicyPublisher(KafkaTemplate<String, Object> kafka, Clock clock) {
    this.kafka = kafka;
    this.clock = clock;
  }

  /** Publishes; a failed send is logged (the version stays active; re-activate to resend). */
  void publish(long version, io.inferedge.policy.a2c.PolicyArtifact artifact) {
    PolicyPublished event =
        new PolicyPublished(
            UUID.randomUUID(),
            clock.instant(),
            PolicyPublished.SCHEMA_VERSION,
            version,
            artifact.algorithm(),
            artifact.stateFeatures(),
            artifact.actionHeads(),
            artifact.actor());
    kafka
        .send(Topics.POLICY_PUBLISHED, Long.toString(version), event)
        .whenComplete(
            (result, failure) -> {
              if (failure != null) {
                LOG.error(failure, () -> "could not publish policy version " + version);
              } else {
                LOG.info(() -> "published policy version " + version);
              }
            });
  }
}
