package io.inferedge.inference.model;

import io.inferedge.support.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * The engine failed while running a loaded model: a fault of this service (500), not the client.
 */
public final class ModelExecutionException extends ApiException {

  ModelExecutionException(String detail, Throwable cause) {
    super(HttpStatus.INTERNAL_SERVER_ERROR, null, detail, cause);
  }
}
