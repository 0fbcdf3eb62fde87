package io.inferedge.gateway.frame;

import io.inferedge.contracts.PolicyPublished;
import io.inferedge.gateway.policy.ActivePolicy;
import io.inferedge.policy.a2c.A2cPolicy;
import io.inferedge.policy.decision.ServingPolicy;
import io.inferedge.policy.environment.ActionSpace;
import io.inferedge.policy.profile.Profile;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ServingPolicy} built from the actor of the active {@code PolicyPublished} ({@link
 * ActivePolicy}) and the measured profile: the gateway's in-process decider. Rebuilt when a newer
 * policy is adopted. An actor that does not fit the profile (other state features or heads) is not
 * used, logged once per published record, and the gateway keeps deciding through its fallbacks.
 *
 * <p>Thread-safe: the built policy is an immutable snapshot swapped atomically; two threads may
 * build the same snapshot concurrently, which is harmless.
 */
final class InProcessPolicy {

  private static final Logger log = LoggerFactory.getLogger(InProcessPolicy.class);

  private final ActivePolicy active;
  private final Profile profile;
  private final AtomicReference<Built> built = new AtomicReference<>();

  InProcessPolicy(ActivePolicy active, Profile profile) {
    this.active = active;
    this.profile = profile;
  }

  /** The policy to decide with, empty while no usable actor has been published. */
  Optional<ServingPolicy> current() {
    var snapshot = active.current();
    if (snapshot.isEmpty()) {
      return Optional.empty();
    }
    PolicyPublished published = snapshot.get().policy();
    Built now = built.get();
    if (now == null || now.source() != published) {
      now = build(published);
      built.set(now);
    }
    return Optional.ofNullable(now.policy());
  }

  private Built build(PolicyPublished published) {
    try {
      var space =
          new ActionSpace(
              published.actionHeads().stream()
                  .map(h -> new ActionSpace.Head(h.name(), h.choices()))
                  .toList());
      var policy =
          new ServingPolicy(
              published.policyVersion(),
              new A2cPolicy(published.actor(), published.stateFeatures(), space),
              profile);
      log.info("deciding in-process with policy version {}", published.policyVersion());
      return new Built(published, policy);
    } catch (RuntimeException e) {
      log.warn(
          "policy version {} does not fit the measured profile ({}); not deciding in-process",
          published.policyVersion(),
          e.getMessage());
      return new Built(published, null);
    }
  }

  /**
   * @param policy null when the published actor does not fit
   */
  private record Built(PolicyPublished source, ServingPolicy policy) {}
}
