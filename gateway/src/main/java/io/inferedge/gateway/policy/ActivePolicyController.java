package io.inferedge.gateway.policy;

import io.inferedge.contracts.PolicyPublished;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/gateway/policy}: which policy this gateway instance holds, without the actor's
 * weights. All fields are null until the first {@code policy.published} record arrived.
 */
@RestController
final class ActivePolicyController {

  private final ActivePolicy activePolicy;

  ActivePolicyController(ActivePolicy activePolicy) {
    this.activePolicy = activePolicy;
  }

  @GetMapping("/api/v1/gateway/policy")
  ActivePolicyView activePolicy() {
    return activePolicy.current().map(ActivePolicyView::of).orElse(ActivePolicyView.NONE);
  }

  /**
   * @param policyVersion the active version, null when none is known
   * @param activatedAt when policy-service activated it
   * @param receivedAt when this gateway adopted it
   * @param actorLayers the actor's depth
   */
  record ActivePolicyView(
      Long policyVersion,
      String algorithm,
      UUID eventId,
      Instant activatedAt,
      Instant receivedAt,
      List<String> stateFeatures,
      List<PolicyPublished.ActionHead> actionHeads,
      Integer actorLayers) {

    static final ActivePolicyView NONE =
        new ActivePolicyView(null, null, null, null, null, null, null, null);

    static ActivePolicyView of(ActivePolicy.Snapshot snapshot) {
      PolicyPublished p = snapshot.policy();
      return new ActivePolicyView(
          p.policyVersion(),
          p.algorithm(),
          p.eventId(),
          p.occurredAt(),
          snapshot.receivedAt(),
          p.stateFeatures(),
          p.actionHeads(),
          p.actor().size());
    }
  }
}
