package io.inferedge.inference.model;

import io.inferedge.support.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * Every predictor of a model stayed busy for the whole acquire timeout (503). Refusing beats
 * queueing without bound: the caller (the gateway) can pick another plan or retry.
 */
public final class CapacityExceededException extends ApiException {

  public CapacityExceededException(String detail) {
    super(HttpStatus.SERVICE_UNAVAILABLE, null, detail);
  }
}
