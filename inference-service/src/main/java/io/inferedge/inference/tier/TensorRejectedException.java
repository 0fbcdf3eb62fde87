package io.inferedge.inference.tier;

import io.inferedge.support.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * A tensor the server tier will not run, naming the field at fault: a malformed header or body
 * (400), or a well-formed tensor that does not match the model's cut point (422).
 */
final class TensorRejectedException extends ApiException {

  private TensorRejectedException(HttpStatus status, String field, String detail) {
    super(status, field, detail);
  }

  static TensorRejectedException malformed(String field, String detail) {
    return new TensorRejectedException(HttpStatus.BAD_REQUEST, field, detail);
  }

  static TensorRejectedException unsupported(String field, String detail) {
    return new TensorRejectedException(HttpStatus.UNPROCESSABLE_CONTENT, field, detail);
  }
}
