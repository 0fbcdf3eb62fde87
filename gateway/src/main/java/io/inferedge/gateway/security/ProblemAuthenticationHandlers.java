package io.inferedge.gateway.security;

import io.inferedge.support.security.PresentedKey;
import io.inferedge.support.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The security chain's refusals as RFC 9457 problems, like every other error of the API: 401 when
 * the request has no accepted key (none, unknown or revoked: the detail says which, never echoing
 * the key) with {@code WWW-Authenticate: Bearer}, 403 when its key may not use the endpoint (an API
 * key on an admin or actuator path). Thread-safe and stateless.
 */
final class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final JsonMapper json;

  ProblemAuthenticationHandlers(JsonMapper json) {
    this.json = json;
  }

  @Override
  public void commence(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticationException authException)
      throws IOException {
    String detail =
        request.getAttribute(ApiKeyAuthenticationFilter.REJECTED) != null
            ? "the API key is unknown or revoked"
            : "an API key is required: send it in "
                + PresentedKey.HEADER
                + " or as Authorization: Bearer";
    response.setHeader("WWW-Authenticate", "Bearer");
    Problems.write(request, response, json, HttpStatus.UNAUTHORIZED, detail);
  }

  @Override
  public void handle(
      HttpServletRequest request,
      HttpServletResponse response,
      AccessDeniedException accessDeniedException)
      throws IOException {
    Problems.write(
        request, response, json, HttpStatus.FORBIDDEN, "this endpoint needs the admin key");
  }
}
