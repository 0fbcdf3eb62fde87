package io.inferedge.gateway.frame;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's circuit breakers, under {@code infer-edge.gateway.fallback}: one for policy-service
 * (its decision API), one for the device tier (inference-service) and one for the server tier as
 * the device tier reports it. The time-outs of the calls are {@code infer-edge.gateway
 * .decision-timeout} (a Resilience4j time limiter around each policy-service call) and {@code
 * infer-edge.gateway.inference-timeout} (the device tier's HTTP read time-out). Validated at
 * start-up. Immutable.
 *
 * @param policy the breaker on policy-service: while open, decisions that would ask it take the
 *     default plan at once
 * @param device the breaker on the device tier: while open, frames fail fast with a 503 problem
 * @param serverTier the breaker on the server tier: while open, every plan is made device-only
 */
@ConfigurationProperties("infer-edge.gateway.fallback")
public record FallbackProperties(
    @DefaultValue Breaker policy, @DefaultValue Breaker device, @DefaultValue Breaker serverTier) {

  public FallbackProperties {
    if (policy == null || device == null || serverTier == null) {
      throw new IllegalArgumentException("policy, device and serverTier must be set");
    }
  }

  /**
   * One count-based circuit breaker.
   *
   * @param failureRateThreshold percentage of failed calls in the window, in (0, 100], that opens
   *     the breaker
   * @param slidingWindowSize how many recent calls the failure rate is computed over
   * @param minimumNumberOfCalls how many calls must be in the window before the rate counts
   * @param waitInOpen how long the breaker stays open the first time before it lets trial calls
   *     through (half-open)
   * @param backoffMultiplier each consecutive re-opening (a failed trial) waits this much longer,
   *     >= 1
   * @param maxWaitInOpen the longest wait in the open state
   * @param permittedCallsInHalfOpen trial calls in the half-open state; their failure rate closes
   *     or re-opens the breaker
   */
  public record Breaker(
      @DefaultValue("50") float failureRateThreshold,
      @DefaultValue("10") int slidingWindowSize,
      @DefaultValue("5") int minimumNumberOfCalls,
      @DefaultValue("5s") Duration waitInOpen,
      @DefaultValue("2") double backoffMultiplier,
      @DefaultValue("60s") Duration maxWaitInOpen,
      @DefaultValue("1") int permittedCallsInHalfOpen) {

    public Breaker {
      if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
        throw new IllegalArgumentException(
            "failureRateThreshold must be in (0, 100], was " + failureRateThreshold);
      }
      if (slidingWindowSize < 1 || minimumNumberOfCalls < 1 || permittedCallsInHalfOpen < 1) {
        throw new IllegalArgumentException(
            "slidingWindowSize, minimumNumberOfCalls and permittedCallsInHalfOpen must be >= 1");
      }
      if (waitInOpen == null || waitInOpen.isNegative() || waitInOpen.isZero()) {
        throw new IllegalArgumentException("waitInOpen must be > 0, was " + waitInOpen);
      }
      if (maxWaitInOpen == null || maxWaitInOpen.compareTo(waitInOpen) < 0) {
        throw new IllegalArgumentException(
            "maxWaitInOpen must be >= waitInOpen, was " + maxWaitInOpen);
      }
      if (!(backoffMultiplier >= 1)) {
        throw new IllegalArgumentException(
            "backoffMultiplier must be >= 1, was " + backoffMultiplier);
      }
    }

    /**
     * The Resilience4j configuration: count-based window, exponential back-off of the open wait,
     * automatic open to half-open (so the state metric shows it), and only {@code recorded}
     * exceptions (and their subclasses) counted as failures.
     */
    @SafeVarargs
    final CircuitBreakerConfig config(Class<? extends Throwable>... recorded) {
      return CircuitBreakerConfig.custom()
          .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
          .slidingWindowSize(slidingWindowSize)
          .minimumNumberOfCalls(minimumNumberOfCalls)
          .failureRateThreshold(failureRateThreshold)
          .permittedNumberOfCallsInHalfOpenState(permittedCallsInHalfOpen)
          .waitIntervalFunctionInOpenState(
              IntervalFunction.ofExponentialBackoff(waitInOpen, backoffMultiplier, maxWaitInOpen))
          .automaticTransitionFromOpenToHalfOpenEnabled(true)
          .recordExceptions(recorded)
          .build();
    }
  }
}
