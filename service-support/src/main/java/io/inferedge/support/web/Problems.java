package io.inferedge.support.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an RFC 9457 problem body from a servlet filter, where {@link ProblemDetailsAdvice} cannot
 * reach (the request never gets to a controller): the same shape as the advice's bodies, with the
 * request's path as {@code instance}. Stateless.
 */
public final class Problems {

  private Problems() {}

  /** Answers {@code status} with a problem body saying {@code detail}. */
  public static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      JsonMapper json,
      HttpStatus status,
      String detail)
      throws IOException {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setInstance(URI.create(request.getRequestURI()));
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.getOutputStream().write(json.writeValueAsBytes(body));
  }
}
