package io.inferedge.inference.model;

import io.inferedge.support.web.ApiException;
import org.springframework.http.HttpStatus;

/** A plan this instance cannot execute, such as a cut point the model does not have (422). */
public final class PlanNotSupportedException extends ApiException {

  public PlanNotSupportedException(String detail) {
    super(HttpStatus.UNPROCESSABLE_CONTENT, "plan", detail);
  }
}
