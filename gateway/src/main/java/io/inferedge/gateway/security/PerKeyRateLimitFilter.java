package io.inferedge.gateway.security;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.inferedge.support.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Limits each authenticated key to its request rate with a Resilience4j {@link RateLimiter} of its
 * own (named by the key's id, so one key's traffic never spends another's permits). A request over
 * the limit is answered at once with a 429 problem and {@code Retry-After} (whole seconds until the
 * next refill); it is not queued. Unauthenticated requests pass untouched: the authorisation rules
 * refuse them next.
 *
 * <p>Not a Spring bean (see {@link ApiKeyAuthenticationFilter}). Thread-safe: the registry and its
 * limiters are.
 */
final class PerKeyRateLimitFilter extends OncePerRequestFilter {

  private final RateLimiterRegistry limiters;
  private final JsonMapper json;

  PerKeyRateLimitFilter(GatewaySecurityProperties.RateLimit limit, JsonMapper json) {
    this.limiters =
        RateLimiterRegistry.of(
            RateLimiterConfig.custom()
                .limitForPeriod(limit.burst())
                .limitRefreshPeriod(limit.refreshPeriod())
                .timeoutDuration(Duration.ZERO)
                .build());
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication authentication =
        SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
    if (authentication == null || !authentication.isAuthenticated()) {
      chain.doFilter(request, response);
      return;
    }
    RateLimiter limiter = limiters.rateLimiter(authentication.getName());
    if (limiter.acquirePermission()) {
      chain.doFilter(request, response);
      return;
    }
    response.setHeader("Retry-After", Long.toString(retryAfterSeconds(limiter)));
    Problems.write(
        request,
        response,
        json,
        HttpStatus.TOO_MANY_REQUESTS,
        "rate limit of this API key exceeded; retry after the time in Retry-After");
  }

  private static long retryAfterSeconds(RateLimiter limiter) {
    long nanos =
        limiter instanceof AtomicRateLimiter atomic
            ? atomic.getDetailedMetrics().getNanosToWait()
            : limiter.getRateLimiterConfig().getLimitRefreshPeriod().toNanos();
    return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }
}
