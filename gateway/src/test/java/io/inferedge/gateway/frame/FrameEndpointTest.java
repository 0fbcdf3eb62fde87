package io.inferedge.gateway.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.inferedge.gateway.FakeService;
import io.inferedge.gateway.FakeService.Response;
import io.inferedge.gateway.Http;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The frame path over real HTTP, with policy-service, the device tier and telemetry-service played
 * by fakes on free ports (the test across the real services lives in the launcher module).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.bootstrap-servers=127.0.0.1:9",
      "spring.kafka.listener.auto-startup=false",
      "spring.kafka.admin.auto-create=false",
      "infer-edge.gateway.decision-timeout=300ms",
      "infer-edge.gateway.inference-timeout=3s",
      Http.TEST_KEY_PROPERTY
    })
class FrameEndpointTest {

  static final FakeService POLICY = new FakeService();
  static final FakeService INFERENCE = new FakeService();
  static final FakeService TELEMETRY = new FakeService();

  static final String DECISION =
      """
      {"decisionId":"1b4e28ba-2fa1-41d2-883f-0016d3cca427","streamId":"cam-1",
       "plan":{"modelVersion":"small","cutPoint":2,"inputResolution":48,"frameSkip":1},
       "configId":"small/c2/r48/s1","policyVersion":"7","decidedAt":"2026-11-01T10:00:00Z"}
      """;

  static final String INFERENCE_RESULT =
      """
      {"eventId":"9f0c2b4e-6a57-4d7e-8d5c-2f1a3b4c5d6e","streamId":"cam-1","frameSeq":5,
       "deviceId":"device-1",
       "plan":{"modelVersion":"small","cutPoint":2,"inputResolution":48,"frameSkip":1},
       "label":7,"labelName":"sneaker","confidence":0.91,
       "scores":[0.01,0.0,0.0,0.0,0.0,0.02,0.0,0.91,0.03,0.03],"groundTruth":7,
       "latency":{"preprocessMicros":100,"deviceComputeMicros":2000,"transferMicros":3000,
                  "serverComputeMicros":1500,"totalMicros":6700}}
      """;

  static final byte[] FRAME = new byte[64 * 64];

  static {
    Arrays.fill(FRAME, (byte) 0x7f);
  }

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    registry.add("infer-edge.gateway.policy-url", POLICY::url);
    registry.add("infer-edge.gateway.inference-url", INFERENCE::url);
    registry.add("infer-edge.gateway.telemetry-url", TELEMETRY::url);
  }

  @AfterAll
  static void stopFakes() {
    POLICY.close();
    INFERENCE.close();
    TELEMETRY.close();
  }

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired MeterRegistry meters;

  @Autowired CircuitBreakerRegistry breakers;

  Http http;

  @BeforeEach
  void healthyServices() {
    http = new Http(port);
    // Each test starts with closed breakers, whatever the tests before it did.
    breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    POLICY.respond(request -> Response.json(200, DECISION));
    INFERENCE.respond(request -> Response.json(200, INFERENCE_RESULT));
    TELEMETRY.respond(request -> Response.json(200, "[]"));
  }

  @Test
  void frameIsDecidedByThePolicyAndExecutedByTheDeviceTier() {
    double before = count("success", "policy");

    var response =
        http.post(
            "/api/v1/streams/cam-1/frames?frameSeq=5&groundTruth=7",
            "application/octet-stream",
            FRAME);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(response.body());
    assertThat(body.get("streamId").asString()).isEqualTo("cam-1");
    assertThat(body.get("frameSeq").asLong()).isEqualTo(5);
    assertThat(body.get("label").asInt()).isEqualTo(7);
    assertThat(body.get("labelName").asString()).isEqualTo("sneaker");
    assertThat(body.get("confidence").asDouble()).isEqualTo(0.91);
    assertThat(body.get("configId").asString()).isEqualTo("small/c2/r48/s1");
    assertThat(body.get("plan").get("modelVersion").asString()).isEqualTo("small");
    assertThat(body.get("plan").get("cutPoint").asInt()).isEqualTo(2);
    assertThat(body.get("plan").get("inputResolution").asInt()).isEqualTo(48);
    assertThat(body.get("plan").get("frameSkip").asInt()).isEqualTo(1);
    assertThat(body.get("policyVersion").asString()).isEqualTo("7");
    assertThat(body.get("decisionId").asString()).isEqualTo("1b4e28ba-2fa1-41d2-883f-0016d3cca427");
    assertThat(body.get("inferenceEventId").asString())
        .isEqualTo("9f0c2b4e-6a57-4d7e-8d5c-2f1a3b4c5d6e");
    JsonNode latency = body.get("latency");
    assertThat(latency.get("inferenceMicros").asLong()).isEqualTo(6700);
    assertThat(latency.get("preprocessMicros").asLong()).isEqualTo(100);
    assertThat(latency.get("deviceComputeMicros").asLong()).isEqualTo(2000);
    assertThat(latency.get("transferMicros").asLong()).isEqualTo(3000);
    assertThat(latency.get("serverComputeMicros").asLong()).isEqualTo(1500);
    assertThat(latency.get("decisionMicros").asLong()).isPositive();
    assertThat(latency.get("gatewayTotalMicros").asLong())
        .isGreaterThan(latency.get("decisionMicros").asLong());

    var decisionRequest = POLICY.takeRequest();
    assertThat(decisionRequest.method()).isEqualTo("POST");
    assertThat(decisionRequest.path()).isEqualTo("/api/v1/decisions");
    assertThat(json.readTree(decisionRequest.body()).get("streamId").asString()).isEqualTo("cam-1");

    var inferenceRequest = INFERENCE.takeRequest();
    assertThat(inferenceRequest.method()).isEqualTo("POST");
    assertThat(inferenceRequest.path()).isEqualTo("/api/v1/inferences");
    assertThat(inferenceRequest.query())
        .isEqualTo("streamId=cam-1&frameSeq=5&plan=small/c2/r48/s1&groundTruth=7");
    assertThat(inferenceRequest.contentType()).isEqualTo("application/octet-stream");
    assertThat(inferenceRequest.body()).isEqualTo(FRAME);

    assertThat(count("success", "policy")).isEqualTo(before + 1);
  }

  @Test
  void aPlanWithFrameSkipTwoSendsEverySecondFrameAndAnswersTheOthersFromTheLastResult() {
    POLICY.respond(
        request ->
            Response.json(
                200,
                DECISION
                    .replace("r48/s1", "r48/s2")
                    .replace("\"frameSkip\":1", "\"frameSkip\":2")));
    double reusedBefore = count("reused", "policy");

    JsonNode[] answers = new JsonNode[4];
    for (int i = 0; i < 4; i++) {
      var response = post("cam-skip", "?frameSeq=" + i);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      answers[i] = json.readTree(response.body());
    }

    assertThat(answers)
        .extracting(a -> a.get("reused").asBoolean())
        .containsExactly(false, true, false, true);
    assertThat(answers).extracting(a -> a.get("frameSeq").asLong()).containsExactly(0L, 1L, 2L, 3L);
    JsonNode reused = answers[1];
    assertThat(reused.get("label").asInt()).isEqualTo(7);
    assertThat(reused.get("labelName").asString()).isEqualTo("sneaker");
    assertThat(reused.get("configId").asString()).isEqualTo("small/c2/r48/s2");
    assertThat(reused.get("policySource").asString()).isEqualTo("policy-service");
    assertThat(reused.get("inferenceEventId").isNull()).isTrue();
    assertThat(reused.get("latency").get("inferenceMicros").asLong()).isZero();
    assertThat(reused.get("latency").get("decisionMicros").asLong()).isZero();
    // Only frames 0 and 2 reached the device tier and were decided.
    assertThat(INFERENCE.takeRequest().query()).contains("frameSeq=0");
    assertThat(INFERENCE.takeRequest().query()).contains("frameSeq=2");
    assertThat(INFERENCE.takeRequest()).isNull();
    assertThat(POLICY.takeRequest()).isNotNull();
    assertThat(POLICY.takeRequest()).isNotNull();
    assertThat(POLICY.takeRequest()).isNull();
    assertThat(count("reused", "policy")).isEqualTo(reusedBefore + 2);
  }

  @Test
  void pngFramesArePassedThroughWithTheirContentType() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};

    var response = http.post("/api/v1/streams/cam-png/frames", "image/png", png);

    assertThat(response.statusCode()).isEqualTo(200);
    var inferenceRequest = INFERENCE.takeRequest();
    assertThat(inferenceRequest.contentType()).isEqualTo("image/png");
    assertThat(inferenceRequest.body()).isEqualTo(png);
  }

  @Test
  void framesWithoutANumberAreNumberedPerStreamAndNeverGoBack() {
    assertThat(frameSeqOf(post("cam-seq-a", ""))).isEqualTo(0);
    assertThat(frameSeqOf(post("cam-seq-a", ""))).isEqualTo(1);
    assertThat(frameSeqOf(post("cam-seq-b", ""))).isEqualTo(0);
    assertThat(frameSeqOf(post("cam-seq-a", "?frameSeq=10"))).isEqualTo(10);
    assertThat(frameSeqOf(post("cam-seq-a", ""))).isEqualTo(11);
    assertThat(frameSeqOf(post("cam-seq-a", "?frameSeq=3"))).isEqualTo(3);
    assertThat(frameSeqOf(post("cam-seq-a", ""))).isEqualTo(12);

    INFERENCE.respond(request -> Response.json(200, INFERENCE_RESULT));
    post("cam-seq-a", "");
    assertThat(INFERENCE.takeRequest().query()).contains("frameSeq=13");
  }

  @Test
  void policyErrorFallsBackToTheDefaultPlan() {
    POLICY.respond(
        request -> Response.problem(500, "{\"status\":500,\"detail\":\"actor not loaded\"}"));
    assertFallback(post("cam-1", ""));
  }

  @Test
  void aDecisionThatCannotBePublishedIsCountedAndTheFrameIsStillAnswered() {
    // The broker of this test is unreachable: the default-plan decisions below cannot be
    // published, which must not fail their frames.
    POLICY.respond(FakeService.DROP);
    double before = meters.counter(DecisionPublisher.FAILURES).count();

    for (int i = 0; i < 3; i++) {
      assertFallback(post("cam-unpublished", ""));
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> meters.counter(DecisionPublisher.FAILURES).count() > before);
  }

  @Test
  void policyDroppingTheConnectionFallsBackToTheDefaultPlan() {
    POLICY.respond(FakeService.DROP);
    assertFallback(post("cam-1", ""));
  }

  @Test
  void policyAnsweringWithAnInvalidPlanFallsBackToTheDefaultPlan() {
    POLICY.respond(request -> Response.json(200, DECISION.replace("48", "47")));
    assertFallback(post("cam-1", ""));
  }

  @Test
  void slowPolicyFallsBackToTheDefaultPlanAfterTheDecisionTimeout() throws Exception {
    var release = new CountDownLatch(1);
    POLICY.respond(
        request -> {
          release.await(10, TimeUnit.SECONDS);
          return Response.json(200, DECISION);
        });
    try {
      var response = post("cam-1", "");
      assertFallback(response);
      long decisionMicros =
          json.readTree(response.body()).get("latency").get("decisionMicros").asLong();
      assertThat(decisionMicros).isBetween(250_000L, 3_000_000L);
    } finally {
      release.countDown();
    }
  }

  @Test
  void unreachableDeviceTierIs503Problem() {
    double before = count("device_unavailable", "policy");
    INFERENCE.respond(FakeService.DROP);

    var response = post("cam-1", "");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(503);
    assertThat(problem.get("detail").asString()).isEqualTo("device tier unavailable");
    assertThat(count("device_unavailable", "policy")).isEqualTo(before + 1);
  }

  @Test
  void clientErrorOfTheDeviceTierIsPassedThroughUnchanged() {
    String problem =
        "{\"type\":\"about:blank\",\"title\":\"Unprocessable Content\",\"status\":422,"
            + "\"detail\":\"body must be 4096 bytes of 64x64 grey, was 12\",\"field\":\"body\"}";
    INFERENCE.respond(request -> Response.problem(422, problem));

    var response = post("cam-1", "");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).isEqualTo(problem);
  }

  @Test
  void serverErrorOfTheDeviceTierIs502Problem() {
    INFERENCE.respond(request -> Response.problem(500, "{\"status\":500}"));

    var response = post("cam-1", "");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(json.readTree(response.body()).get("detail").asString())
        .startsWith("device tier failed");
  }

  @Test
  void unsupportedContentTypeIs415Problem() {
    var response =
        http.post(
            "/api/v1/streams/cam-1/frames", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json.readTree(response.body()).get("status").asInt()).isEqualTo(415);
    assertThat(INFERENCE.takeRequest()).isNull();
  }

  @Test
  void badStreamIdIs400NamingIt() {
    for (String streamId : new String[] {"bad%20id", "-starts-with-dash", "x".repeat(65)}) {
      var response =
          http.post("/api/v1/streams/" + streamId + "/frames", "application/octet-stream", FRAME);

      assertThat(response.statusCode()).as(streamId).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(json.readTree(response.body()).get("field").asString()).isEqualTo("streamId");
    }
    assertThat(POLICY.takeRequest()).isNull();
    assertThat(INFERENCE.takeRequest()).isNull();
  }

  @Test
  void badFrameSeqGroundTruthOrEmptyBodyIs400NamingTheField() {
    assertThat(fieldOf(post("cam-1", "?frameSeq=-1"))).isEqualTo("frameSeq");
    assertThat(fieldOf(post("cam-1", "?frameSeq=abc"))).isEqualTo("frameSeq");
    assertThat(fieldOf(post("cam-1", "?groundTruth=x"))).isEqualTo("groundTruth");
    var empty = http.post("/api/v1/streams/cam-1/frames", "application/octet-stream", new byte[0]);
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(json.readTree(empty.body()).get("field").asString()).isEqualTo("body");
  }

  @Test
  void telemetryRouteRewritesThePathAndKeepsTheQuery() {
    TELEMETRY.respond(request -> Response.json(200, "[{\"streamId\":\"x\"}]"));

    var response = http.get("/api/v1/telemetry/inferences?streamId=x");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("[{\"streamId\":\"x\"}]");
    var proxied = TELEMETRY.takeRequest();
    assertThat(proxied.method()).isEqualTo("GET");
    assertThat(proxied.path()).isEqualTo("/api/v1/inferences");
    assertThat(proxied.query()).isEqualTo("streamId=x");
    // The caller's key stays at the gateway.
    assertThat(proxied.header("X-API-Key")).isNull();
  }

  @Test
  void policyRouteRewritesThePathAndForwardsTheBody() {
    var response =
        http.post(
            "/api/v1/policy/decisions?streamId=x",
            "application/json",
            "{\"streamId\":\"x\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json.readTree(response.body()).get("configId").asString())
        .isEqualTo("small/c2/r48/s1");
    var proxied = POLICY.takeRequest();
    assertThat(proxied.method()).isEqualTo("POST");
    assertThat(proxied.path()).isEqualTo("/api/v1/decisions");
    assertThat(proxied.query()).isEqualTo("streamId=x");
    assertThat(proxied.bodyText()).isEqualTo("{\"streamId\":\"x\"}");
  }

  @Test
  void proxiedErrorStatusesArePassedThrough() {
    TELEMETRY.respond(request -> Response.problem(404, "{\"status\":404}"));

    var response = http.get("/api/v1/telemetry/inferences/unknown");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("{\"status\":404}");
  }

  @Test
  void unreachableProxyTargetIs503Problem() {
    TELEMETRY.respond(FakeService.DROP);

    var response = http.get("/api/v1/telemetry/inferences?streamId=x");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("detail").asString()).isEqualTo("telemetry-service unavailable");
    assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/telemetry/inferences");
  }

  private HttpResponse<String> post(String streamId, String query) {
    return http.post(
        "/api/v1/streams/" + streamId + "/frames" + query, "application/octet-stream", FRAME);
  }

  private long frameSeqOf(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body()).get("frameSeq").asLong();
  }

  private String fieldOf(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    return json.readTree(response.body()).get("field").asString();
  }

  private void assertFallback(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = json.readTree(response.body());
    assertThat(body.get("configId").asString()).isEqualTo("nano/c3/r64/s1");
    assertThat(body.get("policyVersion").asString()).isEqualTo("fallback-default");
    // the gateway's own id for its default-plan decision
    assertThat(UUID.fromString(body.get("decisionId").asString())).isNotNull();
    assertThat(INFERENCE.takeRequest().query()).contains("plan=nano/c3/r64/s1");
  }

  private double count(String outcome, String decision) {
    Timer timer =
        meters.find(FrameService.TIMER).tags("outcome", outcome, "decision", decision).timer();
    return timer == null ? 0 : timer.count();
  }
}
