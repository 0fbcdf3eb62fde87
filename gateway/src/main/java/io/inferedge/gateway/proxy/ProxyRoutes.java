package io.inferedge.gateway.proxy;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.removeRequestHeader;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.rewritePath;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

import io.inferedge.gateway.GatewayProperties;
import io.inferedge.support.security.PresentedKey;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Plain proxy routes (Spring Cloud Gateway server-webmvc) to the other services' APIs, so that
 * clients need only the gateway's address: {@code /api/v1/telemetry/x} goes to telemetry-service's
 * {@code /api/v1/x} and {@code /api/v1/policy/x} to policy-service's {@code /api/v1/x}, with
 * method, query string, headers (but the caller's API key) and body unchanged. The security chain
 * has already checked the key and its rate limit. A service that cannot be reached gives 503 with a
 * problem body naming it.
 */
@Configuration(proxyBeanMethods = false)
class ProxyRoutes {

  private static final Logger log = LoggerFactory.getLogger(ProxyRoutes.class);

  @Bean
  RouterFunction<ServerResponse> telemetryRoute(GatewayProperties properties) {
    return proxy("telemetry", "telemetry-service", properties.telemetryUrl());
  }

  @Bean
  RouterFunction<ServerResponse> policyRoute(GatewayProperties properties) {
    return proxy("policy", "policy-service", properties.policyUrl());
  }

  private static RouterFunction<ServerResponse> proxy(String prefix, String service, URI target) {
    return route(prefix)
        .route(RequestPredicates.path("/api/v1/" + prefix + "/**"), http())
        .before(uri(target))
        // The caller's key is for the gateway only; the services behind it never see it.
        .before(removeRequestHeader(PresentedKey.HEADER))
        .before(removeRequestHeader("Authorization"))
        .before(rewritePath("/api/v1/" + prefix + "/(?<rest>.*)", "/api/v1/${rest}"))
        .onError(
            ResourceAccessException.class, (error, request) -> unavailable(service, error, request))
        .build();
  }

  private static ServerResponse unavailable(
      String service, Throwable error, ServerRequest request) {
    // The request seen here is already rewritten for the target; report the client's own path.
    String path = request.servletRequest().getRequestURI();
    log.warn("{} unreachable for {}: {}", service, path, error.toString());
    var problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, service + " unavailable");
    problem.setInstance(URI.create(path));
    return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
