package io.inferedge.inference.frame;

import io.inferedge.support.web.ApiException;
import org.springframework.http.HttpStatus;

/** A request body that is not a frame this service can decode (400, field {@code body}). */
public final class InvalidFrameException extends ApiException {

  InvalidFrameException(String detail) {
    super(HttpStatus.BAD_REQUEST, "body", detail);
  }

  InvalidFrameException(String detail, Throwable cause) {
    super(HttpStatus.BAD_REQUEST, "body", detail, cause);
  }
}
