package io.inferedge.support.security;

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
 * Keeps the actuator private on the services without Spring Security: {@code /actuator/health} and
 * its groups ({@code liveness}, {@code readiness}) stay public for probes; every other actuator
 * path ({@code info}, {@code prometheus}, ...) needs the admin key ({@code X-API-Key} or {@code
 * Authorization: Bearer}) whose SHA-256 is {@code infer-edge.support.admin-key-hash}, and is a 401
 * problem otherwise. With no hash configured nothing but health is served. The gateway applies the
 * same rule through Spring Security instead. Thread-safe and stateless.
 */
public final class ActuatorAccessFilter extends OncePerRequestFilter {

  private final String basePath;
  private final String adminKeyHash;
  private final JsonMapper json;

  /**
   * @param basePath the actuator's base path, {@code /actuator} by default
   * @param adminKeyHash hex SHA-256 of the admin key, or null for none
   */
  public ActuatorAccessFilter(String basePath, String adminKeyHash, JsonMapper json) {
    this.basePath =
        basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    this.adminKeyHash = adminKeyHash;
    this.json = json;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String raw = request.getRequestURI().substring(request.getContextPath().length());
    // The servlet path is decoded and normalised by the container ("..", ";params", %-escapes),
    // the raw URI is not; either naming a private actuator path is enough to check the key. A raw
    // path that needs normalising and mentions the actuator is checked too (closed by default).
    String servletPath = request.getServletPath();
    String normalised =
        servletPath == null || servletPath.isEmpty()
            ? raw
            : servletPath + (request.getPathInfo() == null ? "" : request.getPathInfo());
    boolean suspicious =
        raw.contains("..")
            || raw.contains(";")
            || raw.contains("%")
            || raw.contains("//")
            || raw.contains("\\");
    return !isPrivate(raw)
        && !isPrivate(normalised)
        && !(suspicious && raw.toLowerCase(java.util.Locale.ROOT).contains("actuator"));
  }

  private boolean isPrivate(String path) {
    boolean underActuator = path.equals(basePath) || path.startsWith(basePath + "/");
    return underActuator && !isPublic(path.substring(basePath.length()));
  }

  /** Health and its groups; nothing else under the actuator. */
  static boolean isPublic(String endpointPath) {
    return endpointPath.equals("/health") || endpointPath.startsWith("/health/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (KeyHashes.matches(PresentedKey.of(request), adminKeyHash)) {
      chain.doFilter(request, response);
      return;
    }
    response.setHeader("WWW-Authenticate", "Bearer");
    Problems.write(
        request,
        response,
        json,
        HttpStatus.UNAUTHORIZED,
        "actuator endpoints other than health need the admin key (X-API-Key)");
  }
}
