package io.inferedge.gateway.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.inferedge.contracts.ProblemTypes;
import io.inferedge.contracts.Topics;
import io.inferedge.gateway.FakeService;
import io.inferedge.gateway.FakeService.Response;
import io.inferedge.gateway.Http;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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
 * The fallbacks over real HTTP and a real (embedded) broker, with policy-service and the device
 * tier played by fakes: the server tier failing a split plan (the device tier's typed problem: the
 * frame is answered device-only, the next frames get device-only plans while its breaker is open,
 * split plans come back after the wait); the device tier down (503 problems, then fast 503s without
 * calling it); policy-service down (the default plan, then not called at all once its breaker is
 * open, and the published actor deciding in-process meanwhile). Breaker states are checked on
 * {@code /actuator/prometheus}. The tests share one context and run in order: the last one
 * publishes an actor.
 */
@EmbeddedKafka
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
      "infer-edge.gateway.decision-timeout=1s",
      "infer-edge.gateway.fallback.policy.sliding-window-size=3",
      "infer-edge.gateway.fallback.policy.minimum-number-of-calls=3",
      "infer-edge.gateway.fallback.policy.wait-in-open=10m",
      "infer-edge.gateway.fallback.policy.max-wait-in-open=10m",
      "infer-edge.gateway.fallback.device.sliding-window-size=2",
      "infer-edge.gateway.fallback.device.minimum-number-of-calls=2",
      "infer-edge.gateway.fallback.device.wait-in-open=10m",
      "infer-edge.gateway.fallback.device.max-wait-in-open=10m",
      "infer-edge.gateway.fallback.server-tier.minimum-number-of-calls=1",
      // Long enough that the frame right after the failure still finds the breaker open on a
      // loaded machine (at 400 ms a slow frame met it half-open and was sent as a trial).
      "infer-edge.gateway.fallback.server-tier.wait-in-open=2s",
      "infer-edge.gateway.security.admin-key-hash=" + FallbackTest.ADMIN_KEY_HASH,
      Http.TEST_KEY_PROPERTY
    })
class FallbackTest {

  /** Test-only admin key (for the actuator) and its SHA-256. */
  static final String ADMIN_KEY = "ie_test-only-admin-key-not-a-secret";

  static final String ADMIN_KEY_HASH =
      "a05eb6ca2e336929354def00fe1141bcdc1218fa2b4f5cb63034dcb09c9496b3";

  static final FakeService POLICY = new FakeService();
  static final FakeService INFERENCE = new FakeService();

  /** A split plan: small has 4 blocks, so cut 2 runs blocks 3-4 on the server tier. */
  static final String SPLIT_DECISION =
      """
      {"decisionId":"1b4e28ba-2fa1-41d2-883f-0016d3cca427","streamId":"cam-f",
       "plan":{"modelVersion":"small","cutPoint":2,"inputResolution":48,"frameSkip":1},
       "configId":"small/c2/r48/s1","policyVersion":"7"}
      """;

  /** inference-service's typed problem for a split plan whose tail the server tier failed. */
  static final String SERVER_TIER_DOWN =
      "{\"type\":\""
          + ProblemTypes.SERVER_TIER_FAILED
          + "\",\"title\":\"Service Unavailable\",\"status\":503,"
          + "\"detail\":\"the server tier at http://127.0.0.1:9 is unreachable:"
          + " java.net.ConnectException\",\"failedTier\":\"server\"}";

  /** A 503 whose detail names the server tier, but not of the server-tier failure type. */
  static final String OVERLOADED_NAMING_THE_SERVER_TIER =
      "{\"title\":\"Service Unavailable\",\"status\":503,"
          + "\"detail\":\"device tier overloaded; the server tier is fine\"}";

  /**
   * Whether the device tier answers every frame with {@link #OVERLOADED_NAMING_THE_SERVER_TIER}.
   */
  final AtomicBoolean overloaded = new AtomicBoolean();

  static final byte[] FRAME = new byte[64 * 64];

  static {
    Arrays.fill(FRAME, (byte) 0x40);
  }

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    registry.add("infer-edge.gateway.policy-url", POLICY::url);
    registry.add("infer-edge.gateway.inference-url", INFERENCE::url);
  }

  @AfterAll
  static void stopFakes() {
    POLICY.close();
    INFERENCE.close();
  }

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired KafkaTemplate<Object, Object> kafka;
  @Autowired CircuitBreakerRegistry breakers;
  @Autowired MeterRegistry meters;

  Http http;

  /** Whether the emulated server tier is down: the device tier then fails every split plan. */
  final AtomicBoolean serverTierDown = new AtomicBoolean();

  @BeforeEach
  void healthyServices() {
    http = new Http(port);
    breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    POLICY.respond(request -> Response.json(200, SPLIT_DECISION));
    INFERENCE.respond(
        request -> {
          String plan = InProcessDecisionTest.query(request.query(), "plan");
          boolean split = !plan.startsWith("nano/c3/") && !plan.startsWith("small/c4/");
          if (overloaded.get()) {
            return Response.problem(503, OVERLOADED_NAMING_THE_SERVER_TIER);
          }
          if (split && serverTierDown.get()) {
            return Response.problem(503, SERVER_TIER_DOWN);
          }
          return Response.json(
              200,
              """
              {"eventId":"%s","streamId":"s","frameSeq":1,"deviceId":"d",
               "label":2,"labelName":"pullover","confidence":0.7,
               "latency":{"preprocessMicros":10,"deviceComputeMicros":2000,"transferMicros":4000,
                          "serverQueueMicros":500,"serverComputeMicros":1000,"totalMicros":7500},
               "bytesSent":%d,"serverBatchSize":1}
              """
                  .formatted(UUID.randomUUID(), split ? 2400 : 0));
        });
  }

  @Test
  @Order(1)
  void serverTierFailureIsServedDeviceOnlyAndSplitPlansComeBackAfterTheWait() {
    serverTierDown.set(true);
    double failedBefore = fallbacks(FrameService.SERVER_TIER_FAILED);

    // The split plan fails at the server tier: the same frame is re-sent device-only.
    JsonNode first = frame("cam-f");
    assertThat(first.get("configId").asString()).isEqualTo("small/c4/r48/s1");
    assertThat(first.get("plan").get("cutPoint").asInt()).isEqualTo(4);
    assertThat(first.get("fallback").asString()).isEqualTo(FrameService.SERVER_TIER_FAILED);
    assertThat(first.get("policySource").asString()).isEqualTo("policy-service");
    assertThat(first.get("policyVersion").asString()).isEqualTo("7");
    assertThat(INFERENCE.takeRequest().query()).contains("frameSeq=0&plan=small/c2/r48/s1");
    assertThat(INFERENCE.takeRequest().query()).contains("frameSeq=0&plan=small/c4/r48/s1");
    assertThat(fallbacks(FrameService.SERVER_TIER_FAILED)).isEqualTo(failedBefore + 1);
    assertThat(breaker(FrameConfiguration.SERVER_TIER_BREAKER).getState())
        .isIn(CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN);

    // While the breaker is open, split plans are made device-only before they are sent.
    JsonNode second = frame("cam-f");
    if (breaker(FrameConfiguration.SERVER_TIER_BREAKER).getState() == CircuitBreaker.State.OPEN) {
      assertThat(second.get("fallback").asString()).isEqualTo(FrameService.SERVER_TIER_UNHEALTHY);
    }
    assertThat(second.get("configId").asString()).isEqualTo("small/c4/r48/s1");
    assertThat(second.get("reused").asBoolean()).isFalse();

    // The server tier is back: after the wait a trial split plan goes through and closes the
    // breaker.
    serverTierDown.set(false);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode answer = frame("cam-f");
              assertThat(answer.get("configId").asString()).isEqualTo("small/c2/r48/s1");
              assertThat(answer.get("fallback").isNull()).isTrue();
            });
    assertThat(breaker(FrameConfiguration.SERVER_TIER_BREAKER).getState())
        .isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(frame("cam-f").get("configId").asString()).isEqualTo("small/c2/r48/s1");
  }

  @Test
  @Order(2)
  void aProblemOnlyNamingTheServerTierInItsDetailIsPassedThroughWithoutAFallback() {
    overloaded.set(true);
    double failedBefore = fallbacks(FrameService.SERVER_TIER_FAILED);
    try {
      var response = post("cam-o");
      assertProblem503(response);
      assertThat(json.readTree(response.body()).get("detail").asString())
          .isEqualTo("device tier overloaded; the server tier is fine");
      // The split plan was sent once and not re-sent device-only.
      assertThat(INFERENCE.takeRequest().query()).contains("plan=small/c2/r48/s1");
      assertThat(INFERENCE.takeRequest()).isNull();
      assertThat(fallbacks(FrameService.SERVER_TIER_FAILED)).isEqualTo(failedBefore);
      assertThat(breaker(FrameConfiguration.SERVER_TIER_BREAKER).getState())
          .isEqualTo(CircuitBreaker.State.CLOSED);
    } finally {
      overloaded.set(false);
    }
  }

  @Test
  @Order(3)
  void whileTheServerTierBreakerIsOpenEveryFrameGetsADeviceOnlyPlan() {
    breaker(FrameConfiguration.SERVER_TIER_BREAKER).transitionToForcedOpenState();
    try {
      for (int i = 0; i < 3; i++) {
        JsonNode answer = frame("cam-g");
        assertThat(answer.get("configId").asString()).isEqualTo("small/c4/r48/s1");
        assertThat(answer.get("fallback").asString()).isEqualTo(FrameService.SERVER_TIER_UNHEALTHY);
        assertThat(INFERENCE.takeRequest().query()).contains("plan=small/c4/r48/s1");
      }
      assertThat(INFERENCE.takeRequest()).isNull();
    } finally {
      breaker(FrameConfiguration.SERVER_TIER_BREAKER).reset();
    }
  }

  @Test
  @Order(4)
  void deviceTierDownIs503ProblemAndFailsFastOnceItsBreakerIsOpen() {
    INFERENCE.respond(FakeService.DROP);

    for (int i = 0; i < 2; i++) {
      var response = post("cam-d");
      assertProblem503(response);
      assertThat(json.readTree(response.body()).get("detail").asString())
          .isEqualTo("device tier unavailable");
    }
    assertThat(breaker(FrameConfiguration.DEVICE_BREAKER).getState())
        .isEqualTo(CircuitBreaker.State.OPEN);
    INFERENCE.respond(FakeService.DROP);

    var fast = post("cam-d");
    assertProblem503(fast);
    assertThat(json.readTree(fast.body()).get("detail").asString())
        .startsWith("device tier unavailable: it failed repeatedly");
    assertThat(INFERENCE.takeRequest()).isNull();
  }

  @Test
  @Order(5)
  void policyServiceDownGivesTheDefaultPlanThenIsNotCalledAndThePublishedActorDecides()
      throws Exception {
    POLICY.respond(FakeService.DROP);
    for (int i = 0; i < 3; i++) {
      JsonNode answer = frame("cam-p");
      assertThat(answer.get("policySource").asString()).isEqualTo("default");
      assertThat(answer.get("configId").asString()).isEqualTo("nano/c3/r64/s1");
      assertThat(POLICY.takeRequest()).isNotNull();
    }
    assertThat(breaker(FrameConfiguration.POLICY_BREAKER).getState())
        .isEqualTo(CircuitBreaker.State.OPEN);

    // policy-service is back, but the breaker is open: it is not called, the default plan runs.
    POLICY.respond(request -> Response.json(200, SPLIT_DECISION));
    for (int i = 0; i < 3; i++) {
      assertThat(frame("cam-p").get("policySource").asString()).isEqualTo("default");
    }
    assertThat(POLICY.takeRequest()).isNull();
    var prometheus = new Http(port, ADMIN_KEY).get("/actuator/prometheus");
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.body())
        .containsPattern(
            "resilience4j_circuitbreaker_state\\{[^}]*name=\"policy-service\""
                + "[^}]*state=\"open\"[^}]*} 1\\.0");

    // The cached actor decides while policy-service's breaker stays open.
    kafka.send(Topics.POLICY_PUBLISHED, "6", InProcessDecisionTest.published(json, 6)).get();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(frame("cam-p").get("policySource").asString()).isEqualTo("in-process"));
    assertThat(breaker(FrameConfiguration.POLICY_BREAKER).getState())
        .isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(POLICY.takeRequest()).isNull();
  }

  private void assertProblem503(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json.readTree(response.body()).get("status").asInt()).isEqualTo(503);
  }

  private CircuitBreaker breaker(String name) {
    return breakers.circuitBreaker(name);
  }

  private double fallbacks(String reason) {
    var counter = meters.find(FrameService.FALLBACKS).tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  private HttpResponse<String> post(String streamId) {
    return http.post("/api/v1/streams/" + streamId + "/frames", "application/octet-stream", FRAME);
  }

  private JsonNode frame(String streamId) {
    var response = post(streamId);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }
}
