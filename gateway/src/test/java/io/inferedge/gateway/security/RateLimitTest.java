package io.inferedge.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferedge.gateway.FakeService;
import io.inferedge.gateway.FakeService.Response;
import io.inferedge.gateway.Http;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The per-key rate limit over real HTTP: a key that spends its burst gets 429 problems with {@code
 * Retry-After}, while another key keeps being served. The refill period (burst 3 at 0.01 permits/s:
 * 300 s) is far longer than the test, so no timing decides the outcome.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.bootstrap-servers=127.0.0.1:9",
      "spring.kafka.listener.auto-startup=false",
      "spring.kafka.admin.auto-create=false",
      Http.TEST_KEY_PROPERTY,
      "infer-edge.gateway.security.api-keys.other=" + RateLimitTest.OTHER_KEY_HASH,
      "infer-edge.gateway.security.rate-limit.permits-per-second=0.01",
      "infer-edge.gateway.security.rate-limit.burst=3"
    })
class RateLimitTest {

  static final String OTHER_KEY = "ie_test-only-second-key";
  static final String OTHER_KEY_HASH =
      "1ec2a9fbd445e1991631c5b5e8fef8871e0ed005b3a6ca59f8d1df95d473855a";

  static final FakeService TELEMETRY = new FakeService();

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    registry.add("infer-edge.gateway.telemetry-url", TELEMETRY::url);
  }

  @AfterAll
  static void stopFake() {
    TELEMETRY.close();
  }

  @LocalServerPort int port;
  @Autowired JsonMapper json;

  @Test
  void aKeyOverItsLimitIs429WhileAnotherKeyIsServed() {
    TELEMETRY.respond(request -> Response.json(200, "[]"));
    var busy = new Http(port);
    for (int i = 0; i < 3; i++) {
      assertThat(busy.get("/api/v1/telemetry/inferences").statusCode()).isEqualTo(200);
    }

    HttpResponse<String> refused = busy.get("/api/v1/telemetry/inferences");

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 300L);
    JsonNode problem = json.readTree(refused.body());
    assertThat(problem.get("status").asInt()).isEqualTo(429);
    assertThat(problem.get("detail").asString()).contains("rate limit");
    // The refused request never reached the service behind the gateway.
    for (int i = 0; i < 3; i++) {
      TELEMETRY.takeRequest();
    }
    assertThat(TELEMETRY.takeRequest()).isNull();

    var other = new Http(port, OTHER_KEY);
    assertThat(other.get("/api/v1/telemetry/inferences").statusCode()).isEqualTo(200);
    // Health is not rate limited (nor authenticated).
    assertThat(new Http(port, null).get("/actuator/health/liveness").statusCode()).isEqualTo(200);
  }
}
