package io.inferedge.gateway.dashboard;

import io.inferedge.support.web.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * policy-service's version API as the dashboard uses it: the versions with their evaluation against
 * the baselines, the activation history, and rollback. The dashboard's rollback goes through here
 * rather than through the public proxy route so that it is bound to the dashboard's session (admin)
 * and CSRF token.
 *
 * <p>Thread-safe (the client is).
 */
final class PolicyVersions {

  private final RestClient policy;

  PolicyVersions(RestClient policy) {
    this.policy = policy;
  }

  Map<String, Object> overview() {
    try {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("versions", policy.get().uri("/api/v1/policies").retrieve().body(Object.class));
      body.put(
          "activations",
          policy.get().uri("/api/v1/policies/activations").retrieve().body(Object.class));
      return body;
    } catch (ResourceAccessException e) {
      throw new PolicyServiceUnavailableException(e);
    }
  }

  /** policy-service's answer to a rollback, status and body as it gave them. */
  ResponseEntity<byte[]> rollback() {
    try {
      return policy
          .post()
          .uri("/api/v1/policies/rollback")
          .exchange(
              (request, response) ->
                  ResponseEntity.status(response.getStatusCode())
                      .contentType(
                          response.getHeaders().getContentType() == null
                              ? MediaType.APPLICATION_JSON
                              : response.getHeaders().getContentType())
                      .body(response.getBody().readAllBytes()));
    } catch (ResourceAccessException e) {
      throw new PolicyServiceUnavailableException(e);
    }
  }

  /** policy-service could not be reached (503). */
  static final class PolicyServiceUnavailableException extends ApiException {
    PolicyServiceUnavailableException(Throwable cause) {
      super(HttpStatus.SERVICE_UNAVAILABLE, null, "policy-service unavailable", cause);
    }
  }
}
