package io.inferedge.policy.store;

import io.inferedge.support.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * A version that must not decide (409): it failed its evaluation, its stored artefact is corrupt,
 * or there is nothing to roll back to.
 */
final class PolicyNotActivatableException extends ApiException {

  PolicyNotActivatableException(String field, String detail) {
    super(HttpStatus.CONFLICT, field, detail);
  }

  PolicyNotActivatableException(String field, String detail, Throwable cause) {
    super(HttpStatus.CONFLICT, field, detail, cause);
  }
}
