package io.inferedge.gateway.frame;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * Asks policy-service ({@code POST /api/v1/decisions}) for a stream's next plan, the gateway's
 * fallback while no actor has been published to it. Never fails: when policy-service is
 * unreachable, slow past the decision time-out, answers with an error or with something that is not
 * a valid plan, the configured default plan is used, so a frame is still processed safely.
 *
 * <p>Each call runs on a small pool of its own under a Resilience4j {@link TimeLimiter} (the
 * decision time-out; a late call is interrupted) inside a {@link CircuitBreaker}: once enough calls
 * failed, the breaker opens and decisions take the default plan at once without calling
 * policy-service, until the breaker's wait is over and a trial call succeeds. The switch to and
 * from the default plan is logged once per transition, not per frame.
 *
 * <p>Thread-safe: the {@link RestClient}, the breaker, the limiter and the pool are; the only other
 * state is an atomic flag. {@link #close()} stops the pool.
 */
final class PolicyClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PolicyClient.class);

  private final RestClient rest;
  private final Plan fallbackPlan;
  private final CircuitBreaker breaker;
  private final TimeLimiter timeLimiter;
  private final ExecutorService calls;
  private final AtomicBoolean answering = new AtomicBoolean(true);

  /**
   * @param rest a client whose base URL is policy-service's and whose timeouts bound the decision
   * @param breaker counts every failed or timed-out call
   * @param timeLimiter bounds one call, connect and answer included
   * @param maxConcurrentCalls calls in flight at most; more take the default plan at once
   */
  PolicyClient(
      RestClient rest,
      Plan fallbackPlan,
      CircuitBreaker breaker,
      TimeLimiter timeLimiter,
      int maxConcurrentCalls) {
    this.rest = rest;
    this.fallbackPlan = fallbackPlan;
    this.breaker = breaker;
    this.timeLimiter = timeLimiter;
    var counter = new AtomicInteger();
    this.calls =
        new ThreadPoolExecutor(
            0,
            maxConcurrentCalls,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            task -> {
              Thread thread = new Thread(task, "policy-call-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  Decision decide(String streamId, StreamRequirements requirements) {
    try {
      Decision decision =
          breaker.executeCallable(
              () ->
                  timeLimiter.executeFutureSupplier(
                      () -> calls.submit(() -> ask(streamId, requirements))));
      if (!answering.getAndSet(true)) {
        log.info("policy-service decides again");
      }
      return decision;
    } catch (Exception e) {
      // Any failure here (breaker open, time-out, I/O, 4xx/5xx, unreadable or invalid body, no
      // free thread) means "no decision".
      if (answering.getAndSet(false)) {
        log.warn(
            "policy-service could not decide ({}); using the default plan {} until it does",
            e.toString(),
            fallbackPlan);
      }
      return Decision.fallback(fallbackPlan);
    }
  }

  private Decision ask(String streamId, StreamRequirements requirements) {
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
    return new Decision(
        answer.decisionId(), answer.plan(), answer.policyVersion(), Decision.POLICY_SERVICE);
  }

  @Override
  public void close() {
    calls.shutdownNow();
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
