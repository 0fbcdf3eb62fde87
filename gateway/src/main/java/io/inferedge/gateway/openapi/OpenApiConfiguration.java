package io.inferedge.gateway.openapi;

import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

/**
 * The gateway's OpenAPI document ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}),
 * served by springdoc behind the same API keys as the API (only {@code /actuator/health} is
 * public).
 *
 * <p>springdoc describes the controllers, and {@code openapi/gateway-operations.yaml} adds their
 * summaries, real success statuses and problem responses (so the controllers, which other work
 * changes often, carry no documentation annotations). The proxied telemetry and policy routes are
 * functional routes springdoc cannot see, so they come whole from {@code
 * openapi/proxied-routes.yaml}. Every operation then gets the problem responses (RFC 9457, schema
 * {@code Problem}) that the security chain and the proxy give any request: 401 without a valid key,
 * 403 for an admin path without the admin key, 429 over the key's rate limit, and 503 on a proxied
 * route whose service is down. Both key schemes ({@code X-API-Key}, {@code Authorization: Bearer})
 * are declared and required globally.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static final String PROXIED_ROUTES = "openapi/proxied-routes.yaml";
  static final String GATEWAY_OPERATIONS = "openapi/gateway-operations.yaml";
  static final String PROBLEM = "Problem";
  private static final String PROBLEM_JSON = "application/problem+json";

  @Bean
  OpenAPI gatewayOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Infer-EDGE gateway API")
                .version("v1")
                .description(
                    "Frames, streams and their decisions, API keys, the gateway's active policy,"
                        + " and the telemetry and policy APIs proxied under /api/v1/telemetry and"
                        + " /api/v1/policy. Every path needs an API key (admin paths the admin"
                        + " key); errors are RFC 9457 problem bodies."))
        .components(
            new Components()
                .addSecuritySchemes(
                    "apiKey",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name("X-API-Key"))
                .addSecuritySchemes(
                    "bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
                .addSchemas(PROBLEM, problemSchema()))
        .addSecurityItem(new SecurityRequirement().addList("apiKey"))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
  }

  @Bean
  OpenApiCustomizer proxiedRoutesAndProblems() {
    OpenAPI proxied = load(PROXIED_ROUTES);
    OpenAPI overlay = load(GATEWAY_OPERATIONS);
    return openApi -> {
      overlay.getPaths().forEach((path, item) -> overlay(openApi, path, item));
      proxied.getPaths().forEach(openApi::path);
      Components components = openApi.getComponents();
      proxied.getComponents().getResponses().forEach(components::addResponses);
      overlay.getComponents().getResponses().forEach(components::addResponses);
      components.addSchemas(PROBLEM, problemSchema());
      // The Content-Type header is the request body's media type, not a parameter (OpenAPI 3).
      if (components.getSchemas() != null) {
        components.getSchemas().remove("MediaType");
      }
      openApi
          .getPaths()
          .forEach(
              (path, item) -> {
                boolean isProxied = proxied.getPaths().containsKey(path);
                for (Operation operation : item.readOperations()) {
                  if (operation.getParameters() != null) {
                    operation
                        .getParameters()
                        .removeIf(
                            p -> "header".equals(p.getIn()) && "Content-Type".equals(p.getName()));
                  }
                  addProblems(path, operation, isProxied);
                }
              });
    };
  }

  /**
   * Lays {@code item}'s operations over springdoc's: summary, description and tags, and responses;
   * a success status given here replaces springdoc's (201 or 204 where it assumed 200).
   *
   * @throws IllegalStateException when springdoc has no such operation (the file drifted)
   */
  private static void overlay(OpenAPI openApi, String path, PathItem item) {
    PathItem generated = openApi.getPaths() == null ? null : openApi.getPaths().get(path);
    item.readOperationsMap()
        .forEach(
            (method, extra) -> {
              Operation operation =
                  generated == null ? null : generated.readOperationsMap().get(method);
              if (operation == null) {
                throw new IllegalStateException(
                    GATEWAY_OPERATIONS
                        + " describes "
                        + method
                        + " "
                        + path
                        + ", which no controller serves");
              }
              operation.setSummary(extra.getSummary());
              if (extra.getDescription() != null) {
                operation.setDescription(extra.getDescription());
              }
              if (extra.getTags() != null) {
                operation.setTags(extra.getTags());
              }
              if (extra.getResponses() != null) {
                if (extra.getResponses().keySet().stream().anyMatch(s -> s.startsWith("2"))) {
                  operation.getResponses().keySet().removeIf(s -> s.startsWith("2"));
                }
                operation.getResponses().putAll(extra.getResponses());
              }
            });
  }

  private static void addProblems(String path, Operation operation, boolean proxied) {
    ApiResponses responses = operation.getResponses();
    if (responses == null) {
      responses = new ApiResponses();
      operation.setResponses(responses);
    }
    problem(responses, "401", "No API key, or an unknown or revoked one");
    if (path.startsWith("/api/v1/admin/")) {
      problem(responses, "403", "The key is not the admin key");
    }
    problem(responses, "429", "Over the key's rate limit (see Retry-After)");
    if (proxied) {
      problem(responses, "503", "The service behind the route is unavailable");
    }
    // springdoc documents @ExceptionHandler errors with the handler's return type; they are
    // problem bodies.
    responses.forEach(
        (status, response) -> {
          if (status.startsWith("4") || status.startsWith("5")) {
            if (response.get$ref() == null
                && (response.getContent() == null || response.getContent().isEmpty())) {
              response.content(problemContent());
            } else if (response.getContent() != null) {
              response
                  .getContent()
                  .replaceAll(
                      (type, media) ->
                          type.contains("problem") || type.equals("*/*")
                              ? new MediaType().schema(problemRef())
                              : media);
            }
          }
        });
  }

  private static void problem(ApiResponses responses, String status, String description) {
    responses.putIfAbsent(
        status, new ApiResponse().description(description).content(problemContent()));
  }

  private static Content problemContent() {
    return new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(problemRef()));
  }

  private static Schema<?> problemRef() {
    return new Schema<>().$ref("#/components/schemas/" + PROBLEM);
  }

  /** RFC 9457 problem details, with the {@code field} extension naming the input at fault. */
  private static Schema<?> problemSchema() {
    return new ObjectSchema()
        .description("RFC 9457 problem details")
        .properties(
            Map.of(
                "type",
                new StringSchema().format("uri"),
                "title",
                new StringSchema(),
                "status",
                new IntegerSchema(),
                "detail",
                new StringSchema(),
                "instance",
                new StringSchema().format("uri"),
                "field",
                new StringSchema().description("the input at fault, when there is one")));
  }

  /** An OpenAPI fragment from the classpath; every path in it has operations. */
  static OpenAPI load(String resource) {
    try (InputStream in = new ClassPathResource(resource).getInputStream()) {
      OpenAPI fragment = Yaml.mapper().readValue(in, OpenAPI.class);
      for (PathItem item : fragment.getPaths().values()) {
        if (item.readOperations().isEmpty()) {
          throw new IllegalStateException(resource + " has a path without operations");
        }
      }
      if (fragment.getComponents() == null || fragment.getComponents().getResponses() == null) {
        fragment.components(new Components().responses(new java.util.LinkedHashMap<>()));
      }
      return fragment;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
