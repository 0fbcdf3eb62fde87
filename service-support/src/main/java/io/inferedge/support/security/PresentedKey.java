package io.inferedge.support.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads the key a client presents: the {@value #HEADER} header, or else {@code Authorization:
 * Bearer <key>}. Stateless.
 */
public final class PresentedKey {

  /** The header that carries an API key or the admin key. */
  public static final String HEADER = "X-API-Key";

  private static final String BEARER = "Bearer ";

  private PresentedKey() {}

  /** The presented key, or null when the request carries none. */
  public static String of(HttpServletRequest request) {
    String key = request.getHeader(HEADER);
    if (key != null && !key.isBlank()) {
      return key.trim();
    }
    String authorization = request.getHeader("Authorization");
    if (authorization != null
        && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
        && authorization.length() > BEARER.length()) {
      String token = authorization.substring(BEARER.length()).trim();
      return token.isEmpty() ? null : token;
    }
    return null;
  }
}
