package io.inferedge.gateway.security;

import io.inferedge.support.security.KeyHashes;
import io.inferedge.support.security.PresentedKey;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by the key it presents ({@code X-API-Key}, or {@code Authorization:
 * Bearer}): the admin key gives {@code ROLE_ADMIN} (principal {@value #ADMIN}), an accepted API key
 * {@code ROLE_API} (principal the key's id). A request with no key or an unknown or revoked one
 * stays anonymous and is refused by the authorisation rules with a 401 problem. Only the key's hash
 * is compared (constant time for the admin key, see {@link KeyHashes}); the key is never logged.
 *
 * <p>Not a Spring bean (Boot would register it a second time as a servlet filter): {@link
 * SecurityConfiguration} adds it to the security chain. Thread-safe and stateless.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  static final String ADMIN = "admin";

  /** Request attribute set when a key was presented but not accepted, for the 401's detail. */
  static final String REJECTED = ApiKeyAuthenticationFilter.class.getName() + ".rejected";

  private final ApiKeyStore keys;
  private final String adminKeyHash;
  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();

  ApiKeyAuthenticationFilter(ApiKeyStore keys, String adminKeyHash) {
    this.keys = keys;
    this.adminKeyHash = adminKeyHash;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String presented = PresentedKey.of(request);
    if (presented != null) {
      UsernamePasswordAuthenticationToken authentication =
          authenticate(presented, keys, adminKeyHash);
      if (authentication == null) {
        request.setAttribute(REJECTED, Boolean.TRUE);
      } else {
        var context = contexts.createEmptyContext();
        context.setAuthentication(authentication);
        contexts.setContext(context);
      }
    }
    chain.doFilter(request, response);
  }

  /**
   * The authentication a presented key earns (also the dashboard's login check), or null when the
   * key is neither the admin key nor an accepted API key.
   */
  static UsernamePasswordAuthenticationToken authenticate(
      String presented, ApiKeyStore keys, String adminKeyHash) {
    if (KeyHashes.matches(presented, adminKeyHash)) {
      return admin();
    }
    ApiKeyStore.Entry entry = keys.findByHash(KeyHashes.sha256(presented));
    return entry == null ? null : api(entry.id());
  }

  static UsernamePasswordAuthenticationToken admin() {
    return UsernamePasswordAuthenticationToken.authenticated(
        ADMIN, null, List.of(new SimpleGrantedAuthority("ROLE_ADMIN")));
  }

  static UsernamePasswordAuthenticationToken api(String keyId) {
    return UsernamePasswordAuthenticationToken.authenticated(
        keyId, null, List.of(new SimpleGrantedAuthority("ROLE_API")));
  }
}
