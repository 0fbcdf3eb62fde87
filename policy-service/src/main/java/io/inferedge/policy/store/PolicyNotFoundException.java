package io.inferedge.policy.store;

import io.inferedge.support.web.ApiException;
import org.springframework.http.HttpStatus;

/** No policy version with that number (404). */
final class PolicyNotFoundException extends ApiException {

  PolicyNotFoundException(long version) {
    super(HttpStatus.NOT_FOUND, "version", "policy version " + version + " does not exist");
  }
}
