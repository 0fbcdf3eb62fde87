package io.inferedge.gateway.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a dashboard request by its session: the session holds only the id of the key the
 * operator logged in with ({@link DashboardLoginController}), never the key. Each request checks
 * that key again against the same {@link ApiKeyStore} as the API, so revoking an API key also ends
 * the dashboard sessions opened with it (the session is invalidated and the page goes back to the
 * login). The admin key cannot be revoked at run time; its sessions end by logout or time-out.
 *
 * <p>Not a Spring bean (it is added to the dashboard's chain only). Thread-safe and stateless.
 */
final class DashboardSessionFilter extends OncePerRequestFilter {

  /** Session attribute: the key id, or {@value ApiKeyAuthenticationFilter#ADMIN}. */
  static final String KEY_ID = DashboardSessionFilter.class.getName() + ".keyId";

  private final ApiKeyStore keys;
  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();

  DashboardSessionFilter(ApiKeyStore keys) {
    this.keys = keys;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    HttpSession session = request.getSession(false);
    Object keyId = session == null ? null : session.getAttribute(KEY_ID);
    if (keyId instanceof String id) {
      var authentication =
          ApiKeyAuthenticationFilter.ADMIN.equals(id)
              ? ApiKeyAuthenticationFilter.admin()
              : keys.find(id) == null ? null : ApiKeyAuthenticationFilter.api(id);
      if (authentication == null) {
        session.invalidate();
      } else {
        var context = contexts.createEmptyContext();
        context.setAuthentication(authentication);
        contexts.setContext(context);
      }
    }
    chain.doFilter(request, response);
  }
}
