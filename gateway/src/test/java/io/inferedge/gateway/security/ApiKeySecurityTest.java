package io.inferedge.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inferedge.gateway.FakeService;
import io.inferedge.gateway.FakeService.Response;
import io.inferedge.gateway.GatewayApplication;
import io.inferedge.gateway.Http;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's API keys over real HTTP and a real (embedded) Kafka: unauthenticated requests are
 * refused with a 401 problem on every public path (frames, the proxied telemetry and policy APIs)
 * while authenticated ones are served as before; the admin endpoint issues keys that work at once,
 * survive in the compacted topic for another gateway instance, and stop working when revoked; the
 * actuator beyond health needs the admin key; no key appears in the logs.
 */
@EmbeddedKafka
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
      Http.TEST_KEY_PROPERTY,
      "infer-edge.gateway.security.admin-key-hash=" + ApiKeySecurityTest.ADMIN_KEY_HASH,
      "logging.level.io.inferedge.gateway=DEBUG"
    })
class ApiKeySecurityTest {

  /** Test-only admin key and its SHA-256. */
  static final String ADMIN_KEY = "ie_test-only-admin-key-not-a-secret";

  static final String ADMIN_KEY_HASH =
      "a05eb6ca2e336929354def00fe1141bcdc1218fa2b4f5cb63034dcb09c9496b3";

  static final FakeService TELEMETRY = new FakeService();
  static final FakeService POLICY = new FakeService();

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    registry.add("infer-edge.gateway.telemetry-url", TELEMETRY::url);
    registry.add("infer-edge.gateway.policy-url", POLICY::url);
  }

  @AfterAll
  static void stopFakes() {
    TELEMETRY.close();
    POLICY.close();
  }

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired EmbeddedKafkaBroker broker;

  @Test
  void requestsWithoutAKeyAre401ProblemsAndReachNoService() {
    TELEMETRY.respond(request -> Response.json(200, "[]"));
    POLICY.respond(request -> Response.json(200, "[]"));
    var anonymous = new Http(port, null);

    assertUnauthorized(
        anonymous.post("/api/v1/streams/cam-1/frames", "application/octet-stream", new byte[16]),
        "an API key is required");
    assertUnauthorized(anonymous.get("/api/v1/telemetry/inferences?streamId=x"), "required");
    assertUnauthorized(anonymous.get("/api/v1/policy/decisions?streamId=x"), "required");
    assertUnauthorized(anonymous.get("/api/v1/admin/api-keys"), "required");
    assertUnauthorized(
        new Http(port, "ie_not-a-key").get("/api/v1/telemetry/inferences"), "unknown or revoked");

    assertThat(TELEMETRY.takeRequest()).isNull();
    assertThat(POLICY.takeRequest()).isNull();

    // Nothing else is affected: the same requests with a key are proxied as before, and health
    // stays public for probes.
    var proxied = new Http(port).get("/api/v1/telemetry/inferences?streamId=x");
    assertThat(proxied.statusCode()).isEqualTo(200);
    assertThat(TELEMETRY.takeRequest().query()).isEqualTo("streamId=x");
    assertThat(new Http(port).get("/api/v1/policy/decisions").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/actuator/health").statusCode()).isIn(200, 503);
  }

  @Test
  void aBearerTokenIsAcceptedLikeTheHeader() throws Exception {
    TELEMETRY.respond(request -> Response.json(200, "[]"));
    var request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/telemetry/inferences"))
            .header("Authorization", "Bearer " + Http.TEST_KEY)
            .build();
    var response =
        java.net.http.HttpClient.newHttpClient()
            .send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(TELEMETRY.takeRequest().header("Authorization")).isNull();
  }

  @Test
  void actuatorBeyondHealthNeedsTheAdminKey() {
    var anonymous = new Http(port, null);
    assertUnauthorized(anonymous.get("/actuator/prometheus"), "required");
    assertUnauthorized(anonymous.get("/actuator/info"), "required");
    assertThat(new Http(port).get("/actuator/prometheus").statusCode()).isEqualTo(403);

    var admin = new Http(port, ADMIN_KEY);
    var prometheus = admin.get("/actuator/prometheus");
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.body()).contains("jvm_");
    assertThat(admin.get("/actuator/info").statusCode()).isEqualTo(200);
  }

  @Test
  void issuedKeysWorkAtOnceReachAnotherInstanceAndStopWhenRevoked(CapturedOutput output) {
    TELEMETRY.respond(request -> Response.json(200, "[]"));
    var admin = new Http(port, ADMIN_KEY);

    // Only the admin key issues keys.
    assertThat(
            new Http(port)
                .post("/api/v1/admin/api-keys", "application/json", body("{\"name\":\"x\"}"))
                .statusCode())
        .isEqualTo(403);
    HttpResponse<String> issued =
        admin.post("/api/v1/admin/api-keys", "application/json", body("{\"name\":\"camera-7\"}"));
    assertThat(issued.statusCode()).isEqualTo(201);
    JsonNode created = json.readTree(issued.body());
    String id = created.get("id").asString();
    String key = created.get("key").asString();
    assertThat(key).startsWith("ie_").hasSizeGreaterThan(40);
    assertThat(issued.headers().firstValue("Location")).hasValue("/api/v1/admin/api-keys/" + id);

    var client = new Http(port, key);
    assertThat(client.get("/api/v1/telemetry/inferences").statusCode()).isEqualTo(200);

    // The listing names the key but never shows it or its hash.
    HttpResponse<String> listing = admin.get("/api/v1/admin/api-keys");
    assertThat(listing.statusCode()).isEqualTo(200);
    assertThat(listing.body())
        .contains(id, "camera-7", "config:test")
        .doesNotContain(key, io.inferedge.support.security.KeyHashes.sha256(key));

    // A second gateway instance replays the compacted topic and accepts the key too.
    try (ConfigurableApplicationContext second = startSecondInstance()) {
      var other = new Http(port(second), key);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(other.get("/api/v1/telemetry/inferences").statusCode())
                      .isEqualTo(200));

      assertThat(admin.delete("/api/v1/admin/api-keys/" + id).statusCode()).isEqualTo(204);
      assertUnauthorized(client.get("/api/v1/telemetry/inferences"), "unknown or revoked");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(other.get("/api/v1/telemetry/inferences").statusCode())
                      .isEqualTo(401));
    }
    assertThat(admin.delete("/api/v1/admin/api-keys/" + id).statusCode()).isEqualTo(404);
    assertThat(admin.delete("/api/v1/admin/api-keys/config:test").statusCode()).isEqualTo(409);
    assertThat(admin.get("/api/v1/admin/api-keys").body()).doesNotContain(id);

    // The logs name the key by id, never by value or hash, and never show the admin key.
    assertThat(output.getAll())
        .contains(id)
        .doesNotContain(key)
        .doesNotContain(io.inferedge.support.security.KeyHashes.sha256(key))
        .doesNotContain(ADMIN_KEY)
        .doesNotContain(Http.TEST_KEY);
  }

  @Test
  void anIssueRequestWithoutANameIs400NamingIt() {
    var response =
        new Http(port, ADMIN_KEY).post("/api/v1/admin/api-keys", "application/json", body("{}"));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json.readTree(response.body()).get("field").asString()).isEqualTo("name");
  }

  private ConfigurableApplicationContext startSecondInstance() {
    return new SpringApplicationBuilder(GatewayApplication.class)
        .run(
            "--server.port=0",
            "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
            "--infer-edge.gateway.telemetry-url=" + TELEMETRY.url(),
            "--infer-edge.gateway.policy-url=" + POLICY.url(),
            "--infer-edge.gateway.security.admin-key-hash=" + ADMIN_KEY_HASH);
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  private void assertUnauthorized(HttpResponse<String> response, String detail) {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(401);
    assertThat(problem.get("detail").asString()).contains(detail);
  }

  private static byte[] body(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
