package io.inferedge.gateway.frame;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * Asks policy-service ({@code POST /api/v1/decisions}) for a stream's next plan, the gateway's
 * fallback while no actor has been published to it. Never fails: when policy-service is
 * unreachable, slow past the decision timeout, answers with an error or with something that is not
 * a valid plan, the configured default plan is used, so a frame is still processed safely. The
 * switch to and from the default plan is logged once per transition, not per frame.
 *
 * <p>Thread-safe: the {@link RestClient} is, and the only state is an atomic flag.
 */
final class PolicyClient {

  private static final Logger log = LoggerFactory.getLogger(PolicyClient.class);

  private final RestClient rest;
  private final Plan fallbackPlan;
  private final AtomicBoolean answering = new AtomicBoolean(true);

  /**
   * @param rest a client whose base URL is policy-service's and whose timeouts bound the decision
   */
  PolicyClient(RestClient rest, Plan fallbackPlan) {
    this.rest = rest;
    this.fallbackPlan = fallbackPlan;
  }

  Decision decide(String streamId, StreamRequirements requirements) {
    try {
      PolicyDecision answer =
          rest.post()
              .uri("/api/v1/decisions")
              .contentType(MediaType.APPLICATION_JSON)
              .body(new DecisionRequest(streamId, Requirements.of(requirements)))
              .retrieve()
              .body(PolicyDecision.class);
      if (answer == null || answer.plan() == null) {
        throw new IllegalStateException("policy-service answered without a plan");
      }
      var decision =
          new Decision(
              answer.decisionId(), answer.plan(), answer.policyVersion(), Decision.POLICY_SERVICE);
      if (!answering.getAndSet(true)) {
        log.info("policy-service decides again");
      }
      return decision;
    } catch (RuntimeException e) {
      // Any failure here (I/O, timeout, 4xx/5xx, unreadable or invalid body) means "no decision".
      if (answering.getAndSet(false)) {
        log.warn(
            "policy-service could not decide ({}); using the default plan {} until it does",
            e.toString(),
            fallbackPlan);
      }
      return Decision.fallback(fallbackPlan);
    }
  }

  /**
   * The request body: the stream's requirements, no state (policy-service is asked only while the
   * gateway has no actor, and then decides its configured default plan without state).
   */
  record DecisionRequest(String streamId, Requirements requirements) {}

  /** The requirements as policy-service's decision API reads them: exactly these five fields. */
  record Requirements(
      long latencySloMillis,
      double accuracyFloor,
      double latencyWeight,
      double accuracyWeight,
      double energyWeight) {
    static Requirements of(StreamRequirements r) {
      return new Requirements(
          r.latencySloMillis(),
          r.accuracyFloor(),
          r.latencyWeight(),
          r.accuracyWeight(),
          r.energyWeight());
    }
  }

  /** policy-service's answer; fields the gateway does not use are ignored. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record PolicyDecision(
      UUID decisionId,
      String streamId,
      Plan plan,
      String configId,
      String policyVersion,
      Instant decidedAt) {}
}
