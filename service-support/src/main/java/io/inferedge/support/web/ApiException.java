package io.inferedge.support.web;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A failure the API reports to its caller: the status, a detail for people and, where one input is
 * to blame, the name of that field. Services subclass it with typed exceptions ({@code
 * ModelNotFoundException}); {@link ProblemDetailsAdvice} turns every one into an RFC 9457 body. A
 * failure that another service acts on overrides {@link #type()} (and {@link #properties()}), so
 * that the caller tells it apart by a stable URI rather than by the wording of its detail.
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

  /** The problem's {@code type} URI, or null for {@code about:blank} (only the status matters). */
  public URI type() {
    return null;
  }

  /** Further members of the problem body beside {@code field}; none by default. */
  public Map<String, Object> properties() {
    return Map.of();
  }
}
