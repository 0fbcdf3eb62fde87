package io.inferedge.inference.tier;

import io.inferedge.support.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * The server tier could not run a split plan's tail: unreachable (503), too slow for the configured
 * {@code server-timeout} (504), overloaded (503), or it refused the tensor (502, a mismatch between
 * the tiers that the client cannot fix). The detail always names the server tier and its URL.
 */
public final class ServerTierException extends ApiException {

  ServerTierException(HttpStatus status, String detail, Throwable cause) {
    super(status, null, detail, cause);
  }
}
