package io.inferedge.inference.model;

import io.inferedge.support.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * A plan names a model of this instance's zoo that failed to load (its files are missing or
 * corrupt). Unlike a model that does not exist ({@link ModelNotFoundException}, 422), the request
 * is fine and the instance is at fault, so it is a 503 whose detail names the model and the file;
 * readiness is DOWN meanwhile.
 */
public final class ModelNotLoadedException extends ApiException {

  ModelNotLoadedException(String detail) {
    super(HttpStatus.SERVICE_UNAVAILABLE, null, detail);
  }
}
