package io.inferedge.support.web;

import org.springframework.http.HttpStatus;

/** A request input that is malformed or out of range (400), naming the field. */
public final class BadRequestException extends ApiException {

  public BadRequestException(String field, String detail) {
    super(HttpStatus.BAD_REQUEST, field, detail);
  }

  public BadRequestException(String field, String detail, Throwable cause) {
    super(HttpStatus.BAD_REQUEST, field, detail, cause);
  }
}
