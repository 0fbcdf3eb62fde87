package io.inferedge.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferedge.gateway.Http;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The gateway's OpenAPI document as a client gets it from the running gateway (real HTTP, real
 * embedded Kafka): only with an API key, as is Swagger UI; valid OpenAPI 3 by swagger-parser; every
 * path with operations whose responses include a success and the problem responses; the proxied
 * telemetry and policy routes included; and the same set of operations as the README's API table,
 * both ways.
 */
@EmbeddedKafka
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
      Http.TEST_KEY_PROPERTY
    })
class OpenApiDocumentTest {

  static final Path README = Path.of("../README.md");

  /** {@code `GET /api/v1/streams`} in the README's API table. */
  private static final Pattern README_OPERATION =
      Pattern.compile("^\\| `(GET|POST|PUT|DELETE|PATCH) (/[^`]*)`", Pattern.MULTILINE);

  @LocalServerPort int port;

  @Test
  void documentAndSwaggerUiNeedAKey() {
    var anonymous = new Http(port, null);
    assertThat(anonymous.get("/v3/api-docs").statusCode()).isEqualTo(401);
    // A browser without a key or a dashboard session is sent to the dashboard's login.
    for (String page : List.of("/swagger-ui/index.html", "/swagger-ui.html")) {
      var answer = anonymous.get(page);
      assertThat(answer.statusCode()).as(page).isEqualTo(302);
      assertThat(answer.headers().firstValue("Location"))
          .hasValueSatisfying(location -> assertThat(location).endsWith("/dashboard/login.html"));
    }
    assertThat(new Http(port, "not-a-key").get("/swagger-ui.html").statusCode()).isEqualTo(401);

    var ui = new Http(port).get("/swagger-ui/index.html");
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).containsIgnoringCase("swagger-ui");
  }

  @Test
  void servedDocumentIsValidOpenApiWithProblemResponsesAndSecurity() {
    OpenAPI api = fetch();

    assertThat(api.getOpenapi()).startsWith("3.");
    assertThat(api.getComponents().getSecuritySchemes()).containsKeys("apiKey", "bearer");
    assertThat(api.getComponents().getSchemas()).containsKey(OpenApiConfiguration.PROBLEM);
    assertThat(api.getSecurity()).isNotEmpty();
    assertThat(api.getPaths()).isNotEmpty();
    api.getPaths()
        .forEach(
            (path, item) -> {
              assertThat(path).startsWith("/api/v1/");
              assertThat(item.readOperations()).as(path).isNotEmpty();
              item.readOperationsMap()
                  .forEach(
                      (method, operation) -> {
                        String name = method + " " + path;
                        assertThat(operation.getSummary()).as(name + " summary").isNotBlank();
                        assertThat(
                                operation.getParameters() == null
                                    ? List.of()
                                    : operation.getParameters())
                            .as(name)
                            .noneMatch(p -> "Content-Type".equals(p.getName()));
                        Map<String, ApiResponse> responses = operation.getResponses();
                        assertThat(responses).as(name).isNotNull();
                        assertThat(responses.keySet())
                            .as(name)
                            .anyMatch(status -> status.startsWith("2"))
                            .contains("401", "429");
                        assertThat(problemType(api, responses.get("401"))).as(name).isTrue();
                        assertThat(problemType(api, responses.get("429"))).as(name).isTrue();
                      });
            });
    // The controllers and the proxied routes are both there.
    assertThat(operations(api))
        .contains(
            "POST /api/v1/streams/{streamId}/frames",
            "GET /api/v1/streams/{streamId}/decisions",
            "DELETE /api/v1/admin/api-keys/{id}",
            "GET /api/v1/gateway/policy",
            "GET /api/v1/telemetry/outcomes",
            "POST /api/v1/policy/policies/rollback");
    assertThat(api.getPaths().get("/api/v1/telemetry/outcomes").getGet().getResponses())
        .containsKey("503");
    assertThat(api.getPaths().get("/api/v1/admin/api-keys").getPost().getResponses())
        .containsKeys("201", "403")
        .doesNotContainKey("200");
    assertThat(api.getPaths().get("/api/v1/streams/{streamId}/frames").getPost().getResponses())
        .containsKeys("200", "400", "413", "415", "422", "502", "503", "504");
    assertThat(api.getPaths().get("/api/v1/streams/{streamId}").getDelete().getResponses())
        .containsKeys("204", "404")
        .doesNotContainKey("200");
  }

  @Test
  void readmeApiTableListsExactlyTheDocumentedOperations() throws IOException {
    Set<String> readme = readmeOperations(Files.readString(README));
    Set<String> documented = operations(fetch());

    assertThat(readme).as("README API table").isNotEmpty();
    assertThat(difference(documented, readme))
        .as("in the OpenAPI document but not in the README's API table")
        .isEmpty();
    assertThat(difference(readme, documented))
        .as("in the README's API table but not in the OpenAPI document")
        .isEmpty();
  }

  @Test
  void readmeParserFindsTableRowsOnly() {
    String text =
        """
        curl -s -X POST http://localhost:8080/api/v1/streams
        | `GET /api/v1/streams` | API | list |
        | `DELETE /api/v1/streams/{streamId}` | API | remove |
        """;
    assertThat(readmeOperations(text))
        .containsExactlyInAnyOrder("GET /api/v1/streams", "DELETE /api/v1/streams/{streamId}");
  }

  @Test
  void proxiedRoutesDescribeEveryEndpointOfTheServicesBehindThem() throws IOException {
    Set<String> described = new TreeSet<>();
    OpenApiConfiguration.load(OpenApiConfiguration.PROXIED_ROUTES)
        .getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .keySet()
                    .forEach(method -> described.add(method + " " + path)));

    Set<String> served = new TreeSet<>();
    served.addAll(controllerOperations(Path.of("../telemetry-service/src/main/java"), "telemetry"));
    served.addAll(controllerOperations(Path.of("../policy-service/src/main/java"), "policy"));

    assertThat(served).isNotEmpty();
    assertThat(described).isEqualTo(served);
  }

  private static final Pattern CLASS_MAPPING = Pattern.compile("@RequestMapping\\(\"([^\"]*)\"\\)");
  private static final Pattern METHOD_MAPPING =
      Pattern.compile(
          "@(Get|Post|Put|Delete|Patch)Mapping(?:\\(\\s*(?:(?:path|value)\\s*=\\s*)?(\"[^\"]*\")?)?");

  /**
   * The operations a service's controllers serve, as the gateway proxies them: {@code /api/v1/x}
   * becomes {@code /api/v1/<prefix>/x}. Read from the sources' mapping annotations.
   */
  static Set<String> controllerOperations(Path sources, String prefix) throws IOException {
    Set<String> operations = new TreeSet<>();
    List<Path> controllers;
    try (Stream<Path> files = Files.walk(sources)) {
      controllers = files.filter(f -> f.toString().endsWith("Controller.java")).toList();
    }
    for (Path controller : controllers) {
      String text = Files.readString(controller);
      Matcher base = CLASS_MAPPING.matcher(text);
      String root = base.find() ? base.group(1) : "";
      Matcher m = METHOD_MAPPING.matcher(text);
      while (m.find()) {
        String path = m.group(2) == null ? "" : m.group(2).replace("\"", "");
        String full = root + path;
        operations.add(
            m.group(1).toUpperCase(java.util.Locale.ROOT)
                + " "
                + full.replaceFirst("^/api/v1/", "/api/v1/" + prefix + "/"));
      }
    }
    return operations;
  }

  static Set<String> readmeOperations(String readme) {
    Set<String> found = new TreeSet<>();
    Matcher m = README_OPERATION.matcher(readme);
    while (m.find()) {
      found.add(m.group(1) + " " + m.group(2));
    }
    return found;
  }

  private OpenAPI fetch() {
    var response = new Http(port).get("/v3/api-docs");
    assertThat(response.statusCode()).isEqualTo(200);
    var options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(response.body(), null, options);
    assertThat(result.getMessages()).as("swagger-parser messages").isEmpty();
    assertThat(result.getOpenAPI()).isNotNull();
    return result.getOpenAPI();
  }

  private static Set<String> operations(OpenAPI api) {
    Set<String> all = new TreeSet<>();
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap().keySet().forEach(method -> all.add(method + " " + path)));
    return all;
  }

  private static boolean problemType(OpenAPI api, ApiResponse response) {
    if (response.get$ref() != null) {
      String name = response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1);
      response = api.getComponents().getResponses().get(name);
    }
    return response.getContent() != null
        && response.getContent().containsKey("application/problem+json")
        && ("#/components/schemas/" + OpenApiConfiguration.PROBLEM)
            .equals(response.getContent().get("application/problem+json").getSchema().get$ref());
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> d = new TreeSet<>(a);
    d.removeAll(b);
    return d;
  }
}
