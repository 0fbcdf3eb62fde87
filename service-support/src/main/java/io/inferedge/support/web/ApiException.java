package io.inferedge.support.web;

import org.springframework.http.HttpStatus;

/**
 * A failure the API reports to its caller: the status, a detail for people and, where one input is
 * to blame, the name of that field. Services subclass it with typed exceptions ({@code
 * ModelNotFoundException}); {@link ProblemDetailsAdvice} turns every one into an RFC 9457 body.
 */
public abstract class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String field;

  protected ApiException(HttpStatus status, String field, String detail) {
    super(detail);
    this.status = status;
    this.field = field;
  }

  protected ApiException(HttpStatus status, String field, String detail, Throwable cause) {
    super(detail, cause);
    this.status = status;
    this.field = field;
  }

  public HttpStatus status() {
    return status;
  }

  /** The request field at fault, or null when the failure is not about one input. */
  public String field() {
    return field;
  }
}
