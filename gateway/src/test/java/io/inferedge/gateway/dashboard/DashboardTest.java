package io.inferedge.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.OutcomeRecorded;
import io.inferedge.contracts.Plan;
import io.inferedge.contracts.Topics;
import io.inferedge.gateway.FakeService;
import io.inferedge.gateway.FakeService.Response;
import io.inferedge.gateway.Http;
import io.inferedge.policy.environment.PlanTable;
import io.inferedge.policy.profile.Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard over real HTTP, a real (embedded) Kafka and fakes for the device tier and
 * policy-service: the session login with the API's keys (cookie flags, fixation, revocation,
 * logout), what needs a session, the admin and CSRF rules of the rollback, and the data a frame and
 * a telemetry outcome put into the streams table, the series and the trade-off view. The page
 * itself is driven in a real browser by the launcher's DashboardBrowserTest.
 */
@EmbeddedKafka(topics = Topics.OUTCOME_RECORDED)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
      Http.TEST_KEY_PROPERTY,
      "infer-edge.gateway.security.admin-key-hash=" + DashboardTest.ADMIN_KEY_HASH
    })
class DashboardTest {

  /** Test-only admin key and its SHA-256 (the same as ApiKeySecurityTest's). */
  static final String ADMIN_KEY = "ie_test-only-admin-key-not-a-secret";

  static final String ADMIN_KEY_HASH =
      "a05eb6ca2e336929354def00fe1141bcdc1218fa2b4f5cb63034dcb09c9496b3";

  static final FakeService POLICY = new FakeService();
  static final FakeService INFERENCE = new FakeService();

  static final String INFERENCE_RESULT =
      """
      {"eventId":"9f0c2b4e-6a57-4d7e-8d5c-2f1a3b4c5d6e","streamId":"cam-d","frameSeq":0,
       "deviceId":"device-1",
       "plan":{"modelVersion":"small","cutPoint":4,"inputResolution":48,"frameSkip":1},
       "label":7,"labelName":"sneaker","confidence":0.91,
       "scores":[0.01,0.0,0.0,0.0,0.0,0.02,0.0,0.91,0.03,0.03],"groundTruth":7,
       "latency":{"preprocessMicros":100,"deviceComputeMicros":2000,"transferMicros":0,
                  "serverComputeMicros":0,"totalMicros":2100}}
      """;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    registry.add("infer-edge.gateway.policy-url", POLICY::url);
    registry.add("infer-edge.gateway.inference-url", INFERENCE::url);
    // No telemetry-service in this test, whatever listens on the default port: nothing listens on
    // 1.
    registry.add("infer-edge.gateway.telemetry-url", () -> "http://127.0.0.1:1");
  }

  @AfterAll
  static void stopFakes() {
    POLICY.close();
    INFERENCE.close();
  }

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired KafkaTemplate<Object, Object> kafka;

  @Test
  void withoutASessionPagesGoToTheLoginAndCallsAre401() {
    var browser = new Browser();
    HttpResponse<String> page = browser.get("/dashboard/index.html");
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location").orElseThrow())
        .endsWith("/dashboard/login.html");
    assertThat(browser.get("/dashboard").statusCode()).isEqualTo(302);
    assertThat(browser.get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").statusCode())
        .isEqualTo(302);
    HttpResponse<String> call = browser.get("/dashboard/api/streams");
    assertThat(call.statusCode()).isEqualTo(401);
    assertThat(call.headers().firstValue("Content-Type")).hasValue("application/problem+json");

    HttpResponse<String> login = browser.get("/dashboard/login.html");
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body()).contains("login-form");
    assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'");
    assertThat(login.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void aLoginWithAnAcceptedKeyOpensAStrictHttpOnlySessionAndLogoutEndsIt() {
    var browser = new Browser();
    assertThat(browser.login("ie_not-a-key").statusCode()).isEqualTo(401);
    assertThat(browser.send(browser.post("/dashboard/login", "text/plain", "ie_x")).statusCode())
        .as("a login must be JSON, which another site cannot send without a preflight")
        .isEqualTo(415);

    HttpResponse<String> login = browser.login(Http.TEST_KEY);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .startsWith("INFER_EDGE_SESSION=")
        .containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("SameSite=Strict");
    assertThat(login.body()).doesNotContain(Http.TEST_KEY);

    HttpResponse<String> page = browser.get("/dashboard/index.html");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Set-Cookie"))
        .as("the session keeps its id after the login (the page's requests run in parallel)")
        .isEmpty();
    assertThat(browser.get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").body())
        .contains("uPlot");
    JsonNode session = browser.json("/dashboard/api/session");
    assertThat(session.path("principal").asString()).isEqualTo("config:test");
    assertThat(session.path("admin").asBoolean()).isFalse();
    assertThat(session.path("csrfToken").asString()).isNotBlank();

    // The session is the dashboard's only: the API still needs a key.
    assertThat(browser.get("/api/v1/streams").statusCode()).isEqualTo(401);

    // A second login gets a new session id (no fixation).
    HttpResponse<String> again = browser.login(Http.TEST_KEY);
    assertThat(again.headers().firstValue("Set-Cookie").orElseThrow()).isNotEqualTo(cookie);

    assertThat(browser.send(browser.post("/dashboard/logout", null, "")).statusCode())
        .as("logout without the CSRF token")
        .isEqualTo(403);
    assertThat(browser.postWithCsrf("/dashboard/logout").statusCode()).isEqualTo(204);
    assertThat(browser.get("/dashboard/api/streams").statusCode()).isEqualTo(401);
  }

  @Test
  void revokingAnIssuedKeyEndsItsDashboardSession() throws Exception {
    var admin = new Http(port, ADMIN_KEY);
    HttpResponse<String> issued = admin.postJson("/api/v1/admin/api-keys", "{\"name\":\"ops\"}");
    assertThat(issued.statusCode()).isEqualTo(201);
    JsonNode key = json.readTree(issued.body());
    var browser = new Browser();
    assertThat(browser.login(key.path("key").asString()).statusCode()).isEqualTo(200);
    assertThat(browser.get("/dashboard/api/streams").statusCode()).isEqualTo(200);

    assertThat(admin.delete("/api/v1/admin/api-keys/" + key.path("id").asString()).statusCode())
        .isEqualTo(204);

    assertThat(browser.get("/dashboard/api/streams").statusCode()).isEqualTo(401);
  }

  @Test
  void rollbackNeedsAnAdminSessionAndTheCsrfToken() {
    POLICY.respond(
        request ->
            request.path().endsWith("/rollback")
                ? Response.json(200, "{\"version\":3,\"active\":true}")
                : Response.json(200, "[]"));
    var user = new Browser();
    user.login(Http.TEST_KEY);
    assertThat(user.postWithCsrf("/dashboard/api/policies/rollback").statusCode()).isEqualTo(403);
    // Nor through the API's proxy route with an API key.
    assertThat(
            new Http(port)
                .post("/api/v1/policy/policies/rollback", "application/json", new byte[0])
                .statusCode())
        .isEqualTo(403);
    assertThat(POLICY.takeRequest()).isNull();

    var admin = new Browser();
    admin.login(ADMIN_KEY);
    assertThat(admin.json("/dashboard/api/session").path("admin").asBoolean()).isTrue();
    HttpResponse<String> noToken =
        admin.send(admin.post("/dashboard/api/policies/rollback", null, ""));
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(noToken.body()).contains("CSRF");
    assertThat(POLICY.takeRequest()).isNull();

    HttpResponse<String> rolledBack = admin.postWithCsrf("/dashboard/api/policies/rollback");
    assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
    assertThat(rolledBack.body()).contains("\"version\":3");
    var request = POLICY.takeRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/v1/policies/rollback");
  }

  @Test
  void aFrameAndItsOutcomeShowInTheTableTheSeriesAndTheTradeOff() throws Exception {
    // policy-service decides (no actor published here): a device-only plan of small.
    POLICY.respond(
        request ->
            Response.json(
                200,
                """
                {"decisionId":"1b4e28ba-2fa1-41d2-883f-0016d3cca427","streamId":"cam-d",
                 "plan":{"modelVersion":"small","cutPoint":4,"inputResolution":48,"frameSkip":1},
                 "configId":"small/c4/r48/s1","policyVersion":"7",
                 "decidedAt":"2026-11-01T10:00:00Z"}
                """));
    INFERENCE.respond(request -> Response.json(200, INFERENCE_RESULT));
    var api = new Http(port);
    assertThat(
            api.postJson("/api/v1/streams", "{\"streamId\":\"cam-d\",\"profile\":\"energy-first\"}")
                .statusCode())
        .isEqualTo(201);
    byte[] frame = new byte[64 * 64];
    Arrays.fill(frame, (byte) 0x40);
    HttpResponse<String> answered =
        api.post("/api/v1/streams/cam-d/frames?groundTruth=7", "application/octet-stream", frame);
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);

    var browser = new Browser();
    browser.login(Http.TEST_KEY);
    JsonNode streams = browser.json("/dashboard/api/streams");
    JsonNode row = streams.path("streams").get(0);
    assertThat(row.path("streamId").asString()).isEqualTo("cam-d");
    assertThat(row.path("profile").asString()).isEqualTo("energy-first");
    assertThat(row.path("plan").asString()).isEqualTo("small/c4/r48/s1");
    assertThat(row.path("policySource").asString()).isEqualTo("policy-service");
    assertThat(row.path("frames").asInt()).isEqualTo(1);
    assertThat(row.path("reusedShare").asDouble()).isZero();

    JsonNode series = browser.json("/dashboard/api/streams/cam-d/series?seconds=60");
    assertThat(series.path("frames").path("t")).hasSize(1);
    assertThat(series.path("frames").path("latencyMs").get(0).asDouble()).isPositive();
    assertThat(series.path("decisions").path("model").get(0).asString()).isEqualTo("small");
    assertThat(series.path("decisions").path("cut").get(0).asInt()).isEqualTo(4);
    assertThat(series.path("sloMillis").asLong())
        .isEqualTo(io.inferedge.contracts.StreamRequirements.ENERGY_FIRST.latencySloMillis());

    kafka.send(
        Topics.OUTCOME_RECORDED,
        "cam-d",
        new OutcomeRecorded(
            UUID.randomUUID(),
            Instant.now(),
            OutcomeRecorded.SCHEMA_VERSION,
            UUID.fromString("9f0c2b4e-6a57-4d7e-8d5c-2f1a3b4c5d6e"),
            "cam-d",
            0,
            Plan.parse("small/c4/r48/s1"),
            2400,
            true,
            12.5,
            MeasurementSource.EMULATED));
    JsonNode outcomes =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> browser.json("/dashboard/api/streams/cam-d/series").path("outcomes"),
                o -> o.path("t").size() == 1);
    assertThat(outcomes.path("energyMillijoules").get(0).asDouble()).isEqualTo(12.5);
    assertThat(outcomes.path("correct").get(0).asInt()).isEqualTo(1);
    JsonNode withOutcome = browser.json("/dashboard/api/streams").path("streams").get(0);
    assertThat(withOutcome.path("accuracy").asDouble()).isEqualTo(1.0);
    assertThat(withOutcome.path("lastOutcomes").get(0).path("energyMillijoules").asDouble())
        .isEqualTo(12.5);

    JsonNode tradeOff = browser.json("/dashboard/api/tradeoff?streamId=cam-d");
    Profile profile = Profile.measured();
    int configurations =
        new PlanTable(profile, profile.device("jetson-tx2")).configurations().size();
    assertThat(tradeOff.path("points")).hasSize(configurations);
    int chosen = 0;
    for (JsonNode point : tradeOff.path("points")) {
      assertThat(point.path("latencyMs").asDouble()).isPositive();
      assertThat(point.path("energyMillijoules").asDouble()).isPositive();
      if (point.path("chosen").asInt() > 0) {
        chosen++;
        assertThat(point.path("configId").asString()).isEqualTo("small/c4/r48");
        assertThat(point.path("split").asBoolean()).isFalse();
      }
    }
    assertThat(chosen).isEqualTo(1);

    assertThat(browser.get("/dashboard/api/streams/cam-d/series?seconds=0").statusCode())
        .isEqualTo(400);
  }

  @Test
  void healthReportsTheServicesBreakersAndConsumerLag() {
    INFERENCE.respond(
        request ->
            request.path().equals("/actuator/health")
                ? Response.json(
                    200, "{\"status\":\"UP\",\"components\":{\"kafka\":{\"status\":\"UP\"}}}")
                : Response.json(404, "{}"));
    POLICY.respond(request -> Response.json(503, "{\"status\":\"DOWN\"}"));
    var browser = new Browser();
    browser.login(Http.TEST_KEY);
    JsonNode health = browser.json("/dashboard/api/health");
    assertThat(health.path("services").toString())
        .contains("\"status\":\"UP\"")
        .contains("\"kafka\":\"UP\"")
        .contains("\"status\":\"DOWN\"")
        // telemetry-service is not running here at all
        .contains("UNREACHABLE");
    assertThat(health.path("breakers").toString())
        .contains("device-tier")
        .contains("server-tier")
        .contains("policy-service");
    assertThat(health.path("kafkaError").isNull()).as(health.toString()).isTrue();
    // The dashboard's own consumer group, once it has joined (the snapshot is cached for 2 s).
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> browser.json("/dashboard/api/health").path("consumerGroups").toString(),
            groups -> groups.contains("gateway-dashboard-"));
  }

  /** An HTTP client that keeps cookies and does not follow redirects, like a browser tab. */
  final class Browser {

    private final HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    HttpResponse<String> login(String key) {
      return send(post("/dashboard/login", "application/json", "{\"apiKey\":\"" + key + "\"}"));
    }

    HttpResponse<String> get(String path) {
      return send(HttpRequest.newBuilder(uri(path)));
    }

    JsonNode json(String path) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      return json.readTree(response.body());
    }

    HttpRequest.Builder post(String path, String contentType, String body) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
      return contentType == null ? request : request.header("Content-Type", contentType);
    }

    HttpResponse<String> postWithCsrf(String path) {
      JsonNode session = json("/dashboard/api/session");
      return send(
          post(path, null, "")
              .header(session.path("csrfHeader").asString(), session.path("csrfToken").asString()));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
      try {
        return client.send(
            request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    private URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port + path);
    }
  }
}
