package io.inferedge.support.web;

import org.springframework.http.HttpStatus;

/** A request body over the configured limit (413). */
public final class PayloadTooLargeException extends ApiException {

  public PayloadTooLargeException(long limitBytes) {
    super(
        HttpStatus.CONTENT_TOO_LARGE,
        "body",
        "request body exceeds the limit of " + limitBytes + " bytes");
  }
}
