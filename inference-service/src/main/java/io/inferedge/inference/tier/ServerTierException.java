package io.inferedge.inference.tier;

import io.inferedge.contracts.ProblemTypes;
import io.inferedge.support.web.ApiException;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The server tier could not run a split plan's tail: unreachable (503), too slow for the configured
 * {@code server-timeout} (504), overloaded (503), or it refused the tensor (502, a mismatch between
 * the tiers that the client cannot fix). Its problem body has the type {@link
 * ProblemTypes#SERVER_TIER_FAILED} and {@code "failedTier": "server"}, which the gateway acts on
 * (it re-sends the frame device-only); the detail names the server tier and its URL, for people.
 */
public final class ServerTierException extends ApiException {

  ServerTierException(HttpStatus status, String detail, Throwable cause) {
    super(status, null, detail, cause);
  }

  @Override
  public URI type() {
    return ProblemTypes.SERVER_TIER_FAILED;
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of(ProblemTypes.FAILED_TIER, "server");
  }
}
