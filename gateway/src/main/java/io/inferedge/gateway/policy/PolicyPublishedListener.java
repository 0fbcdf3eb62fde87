package io.inferedge.gateway.policy;

import io.inferedge.contracts.PolicyPublished;
import io.inferedge.contracts.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Feeds {@code policy.published} into {@link ActivePolicy}. Records that cannot be read or fail the
 * contract's validation go to {@code policy.published.v1-dlt} through the shared error handler.
 *
 * <p>Every gateway instance must see every policy, and must find the active one again after a
 * restart, so each instance consumes in a group of its own (a random id) from the earliest offset,
 * replaying the topic at start-up. The topic is small: one record per activation. A consequence: a
 * poison record is dead-lettered again by each starting instance.
 */
final class PolicyPublishedListener {

  static final String ID = "gateway-policy-published";

  private static final Logger log = LoggerFactory.getLogger(PolicyPublishedListener.class);

  private final ActivePolicy activePolicy;

  PolicyPublishedListener(ActivePolicy activePolicy) {
    this.activePolicy = activePolicy;
  }

  @KafkaListener(
      id = ID,
      topics = Topics.POLICY_PUBLISHED,
      groupId = "gateway-policy-${random.uuid}",
      properties = {
        "auto.offset.reset=earliest",
        // Producers other than Spring's serializer may omit type headers; this topic has one type.
        "spring.json.value.default.type=io.inferedge.contracts.PolicyPublished"
      })
  void onPolicyPublished(PolicyPublished published) {
    if (activePolicy.offer(published)) {
      log.info(
          "active policy is now version {} ({}), activated at {}",
          published.policyVersion(),
          published.algorithm(),
          published.occurredAt());
    } else {
      log.debug("ignored policy version {}: not newer", published.policyVersion());
    }
  }
}
