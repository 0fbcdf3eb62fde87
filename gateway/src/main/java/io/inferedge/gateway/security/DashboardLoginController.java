package io.inferedge.gateway.security;

import io.inferedge.support.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard's login: a browser cannot send the API's key header when it navigates, so the
 * operator pastes a key (an API key, or the admin key for admin actions) into the login page, which
 * posts it as JSON to {@code POST /dashboard/login}. The gateway checks it exactly as it checks the
 * API's keys and, when accepted, starts a new session (a fresh id, against fixation) that holds the
 * key's id; the session cookie is HttpOnly and SameSite=Strict (see application.yml). {@code POST
 * /dashboard/logout} ends it; {@code GET /dashboard/api/session} tells the page who is logged in
 * and the CSRF token its POSTs must carry.
 *
 * <p>The login itself carries no CSRF token (there is no session yet); it accepts only {@code
 * application/json}, which a cross-site page cannot send without a CORS preflight the gateway never
 * grants, so another site cannot log a browser in with its own key. A refused key is a 401 problem.
 */
@RestController
final class DashboardLoginController {

  private final ApiKeyStore keys;
  private final GatewaySecurityProperties properties;

  DashboardLoginController(ApiKeyStore keys, GatewaySecurityProperties properties) {
    this.keys = keys;
    this.properties = properties;
  }

  /** The pasted key. */
  record Login(String apiKey) {}

  @PostMapping(path = "/dashboard/login", consumes = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> login(@RequestBody(required = false) Login body, HttpServletRequest request) {
    String presented = body == null || body.apiKey() == null ? "" : body.apiKey().trim();
    Authentication authentication =
        presented.isEmpty()
            ? null
            : ApiKeyAuthenticationFilter.authenticate(presented, keys, properties.adminKeyHash());
    if (authentication == null) {
      throw new KeyRefusedException();
    }
    HttpSession previous = request.getSession(false);
    if (previous != null) {
      previous.invalidate();
    }
    HttpSession session = request.getSession(true);
    session.setAttribute(DashboardSessionFilter.KEY_ID, authentication.getName());
    return who(authentication, null);
  }

  @PostMapping("/dashboard/logout")
  ResponseEntity<Void> logout(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/dashboard/api/session")
  Map<String, Object> session(Authentication authentication, HttpServletRequest request) {
    return who(authentication, (CsrfToken) request.getAttribute(CsrfToken.class.getName()));
  }

  private static Map<String, Object> who(Authentication authentication, CsrfToken csrf) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("principal", authentication.getName());
    body.put(
        "admin",
        authentication.getAuthorities().stream()
            .anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority())));
    if (csrf != null) {
      body.put("csrfHeader", csrf.getHeaderName());
      body.put("csrfToken", csrf.getToken());
    }
    return body;
  }

  /** The pasted key is neither an accepted API key nor the admin key (401). */
  static final class KeyRefusedException extends ApiException {
    KeyRefusedException() {
      super(HttpStatus.UNAUTHORIZED, "apiKey", "the key is unknown or revoked");
    }
  }
}
