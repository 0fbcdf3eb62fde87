package io.inferedge.gateway.security;

import io.inferedge.support.security.PresentedKey;
import io.inferedge.support.web.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard's security chain, in front of the API's ({@link SecurityConfiguration}) for {@code
 * /dashboard/**} and the WebJars it loads, and for Swagger UI and the OpenAPI document when the
 * request carries no key header (a browser: the operator logs in once, at the dashboard's login,
 * and reads the API documentation in the same session; a client with a key header stays on the
 * API's chain). Same keys, same store, other transport: the key is checked once at login ({@link
 * DashboardLoginController}) and the session then carries the key's id, checked again on every
 * request ({@link DashboardSessionFilter}). Only the login page, its script and style sheet and the
 * login itself are open. Every other request needs a session; the rollback needs one opened with
 * the admin key. POSTs other than the login carry the session's CSRF token (the SameSite=Strict
 * cookie already keeps other sites' requests out; the token is the second line). A missing session
 * sends a page navigation (the dashboard's pages, Swagger UI) to the login page and gives a JSON
 * call (the dashboard's API, the OpenAPI document) a 401 problem. The pages are served with a
 * strict Content-Security-Policy (scripts and styles from the gateway only, no framing).
 *
 * <p>The API's chain stays stateless and ignores the session cookie: the API needs a key header.
 */
@Configuration(proxyBeanMethods = false)
class DashboardSecurityConfiguration {

  static final String LOGIN_PAGE = "/dashboard/login.html";

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
          + "object-src 'none'";

  @Bean
  @Order(1)
  SecurityFilterChain dashboardSecurityFilterChain(
      HttpSecurity http, ApiKeyStore store, JsonMapper json) throws Exception {
    var login =
        PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/dashboard/login");
    var pages = PathPatternRequestMatcher.withDefaults();
    RequestMatcher dashboard =
        new OrRequestMatcher(
            pages.matcher("/dashboard"),
            pages.matcher("/dashboard/**"),
            pages.matcher("/webjars/**"));
    RequestMatcher apiDocs =
        new OrRequestMatcher(
            pages.matcher("/swagger-ui.html"),
            pages.matcher("/swagger-ui/**"),
            pages.matcher("/v3/api-docs"),
            pages.matcher("/v3/api-docs/**"));
    RequestMatcher withoutKey = request -> PresentedKey.of(request) == null;
    http.securityMatcher(
            new OrRequestMatcher(dashboard, new AndRequestMatcher(apiDocs, withoutKey)))
        .csrf(csrf -> csrf.ignoringRequestMatchers(login))
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        // Only the login creates a session (with a new id); the context is rebuilt from it on each
        // request, which must not count as a new login: changing the id then would race the
        // page's parallel requests.
        .sessionManagement(
            s ->
                s.sessionCreationPolicy(SessionCreationPolicy.NEVER).sessionFixation(f -> f.none()))
        .securityContext(
            c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
        .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY)))
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(LOGIN_PAGE, "/dashboard/login.js", "/dashboard/dashboard.css")
                    .permitAll()
                    .requestMatchers(login)
                    .permitAll()
                    .requestMatchers(HttpMethod.POST, "/dashboard/api/policies/rollback")
                    .hasRole("ADMIN")
                    .anyRequest()
                    .hasAnyRole("API", "ADMIN"))
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (request, response, failure) -> {
                          String path = request.getRequestURI();
                          boolean page =
                              !path.startsWith("/dashboard/api/")
                                  && !path.startsWith("/v3/api-docs");
                          if ("GET".equals(request.getMethod()) && page) {
                            response.sendRedirect(LOGIN_PAGE);
                          } else {
                            Problems.write(
                                request,
                                response,
                                json,
                                HttpStatus.UNAUTHORIZED,
                                "log in to the dashboard at " + LOGIN_PAGE);
                          }
                        })
                    .accessDeniedHandler(
                        (request, response, denied) ->
                            Problems.write(
                                request,
                                response,
                                json,
                                HttpStatus.FORBIDDEN,
                                denied instanceof CsrfException
                                    ? "the request's CSRF token is missing or wrong; reload the page"
                                    : "this action needs a dashboard session opened with the admin key")))
        .addFilterBefore(new DashboardSessionFilter(store), AnonymousAuthenticationFilter.class);
    return http.build();
  }
}
