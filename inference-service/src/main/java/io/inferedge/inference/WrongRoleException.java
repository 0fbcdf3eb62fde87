package io.inferedge.inference;

import io.inferedge.support.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * A request for the other tier: frames sent to a server-role instance, or tensors sent to a
 * device-role instance (409). The same jar runs both tiers, so this is a configuration mistake of
 * the caller (a URL pointing at the wrong instance), not a missing resource.
 */
public final class WrongRoleException extends ApiException {

  public WrongRoleException(TierRole role, String detail) {
    super(
        HttpStatus.CONFLICT,
        null,
        "this instance plays the " + role.name().toLowerCase() + " tier: " + detail);
  }
}
