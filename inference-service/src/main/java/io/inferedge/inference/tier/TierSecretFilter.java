package io.inferedge.inference.tier;

import io.inferedge.support.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * On a server-role instance, refuses {@code /api/v1/tensors} with a 401 problem unless the request
 * carries the tier secret in {@value TierSecret#HEADER}, before its body is read. With no secret
 * configured every tensor is refused (closed by default). Neither the presented nor the expected
 * secret is logged or echoed. Registered for {@value #PATH} (and below) only: the container matches
 * the pattern on the normalised path. Thread-safe and stateless.
 */
final class TierSecretFilter extends OncePerRequestFilter {

  static final String PATH = "/api/v1/tensors";

  private final TierSecret secret;
  private final JsonMapper json;

  TierSecretFilter(TierSecret secret, JsonMapper json) {
    this.secret = secret;
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (secret.matches(request.getHeader(TierSecret.HEADER))) {
      chain.doFilter(request, response);
      return;
    }
    response.setHeader("Connection", "close");
    Problems.write(
        request,
        response,
        json,
        HttpStatus.UNAUTHORIZED,
        secret.isConfigured()
            ? "tensors need the tier secret in " + TierSecret.HEADER
            : "this server tier has no tier secret configured (infer-edge.inference.tier-secret)"
                + " and refuses every tensor");
  }
}
