package io.inferedge.inference.model;

import io.inferedge.support.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * A plan names a model version this instance has not loaded. The request is well-formed but its
 * plan cannot be executed, so it is a 422 blaming the {@code plan} field rather than a 404 for a
 * resource.
 */
public final class ModelNotFoundException extends ApiException {

  ModelNotFoundException(String detail) {
    super(HttpStatus.UNPROCESSABLE_CONTENT, "plan", detail);
  }
}
