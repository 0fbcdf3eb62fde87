package io.inferedge.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inferedge.gateway.FakeService.Response;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway's documented meters (docs/metrics.md) on {@code /actuator/prometheus} after real
 * traffic over HTTP, with a real (embedded) Kafka: decisions by plan part and source, in-flight
 * frames, the policy version held (none yet: NaN; a held version is asserted in
 * PolicyPublishedFlowTest), and the Kafka consumers' lag; the scrape needs the admin key.
 */
@EmbeddedKafka
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
      Http.TEST_KEY_PROPERTY,
      Http.ADMIN_KEY_PROPERTY
    })
class MetricsEndpointTest {

  /** Test-only admin key and its SHA-256. */
  static final String ADMIN_KEY = "ie_test-only-metrics-admin-key";

  static final String ADMIN_KEY_HASH =
      "20c886ca41246d008f8429424135287f5fda06598b1f62f8b0b003ded0fd7a92";

  static final FakeService POLICY = new FakeService();
  static final FakeService INFERENCE = new FakeService();

  static final String DECISION =
      """
      {"decisionId":"1b4e28ba-2fa1-41d2-883f-0016d3cca427","streamId":"cam-m",
       "plan":{"modelVersion":"nano","cutPoint":3,"inputResolution":32,"frameSkip":1},
       "configId":"nano/c3/r32/s1","policyVersion":"7","decidedAt":"2026-11-01T10:00:00Z"}
      """;

  static final String INFERENCE_RESULT =
      """
      {"eventId":"9f0c2b4e-6a57-4d7e-8d5c-2f1a3b4c5d6e","streamId":"cam-m","frameSeq":1,
       "deviceId":"device-1",
       "plan":{"modelVersion":"nano","cutPoint":3,"inputResolution":32,"frameSkip":1},
       "label":7,"labelName":"sneaker","confidence":0.91,
       "scores":[0.01,0.0,0.0,0.0,0.0,0.02,0.0,0.91,0.03,0.03],"groundTruth":7,
       "latency":{"preprocessMicros":100,"deviceComputeMicros":2000,"transferMicros":0,
                  "serverComputeMicros":0,"totalMicros":2100}}
      """;

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

  @Test
  void decisionsQueueAndPolicyMetersAreScrapedWithTheirTags() {
    POLICY.respond(request -> Response.json(200, DECISION));
    INFERENCE.respond(request -> Response.json(200, INFERENCE_RESULT));
    byte[] frame = new byte[64 * 64];
    Arrays.fill(frame, (byte) 0x40);
    var http = new Http(port);
    for (int i = 1; i <= 3; i++) {
      var response =
          http.post(
              "/api/v1/streams/cam-m/frames?frameSeq=" + i, "application/octet-stream", frame);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    assertThat(new Http(port, null).get("/actuator/prometheus").statusCode()).isEqualTo(401);
    assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(403);
    String scrape = scrape();
    assertThat(scrape)
        .contains(
            "gateway_decisions_total{cut=\"3\",model=\"nano\",resolution=\"32\",skip=\"1\","
                + "source=\"policy-service\"} 3.0")
        .contains("gateway_frames_in_flight 0.0")
        .contains("gateway_policy_version NaN")
        .contains("gateway_frames_seconds_count{decision=\"policy\",outcome=\"success\"");
    // The consumers' lag (Spring Kafka's Micrometer consumer listener) once they have fetched.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(scrape())
                    .containsPattern(
                        "kafka_consumer_fetch_manager_records_lag_max\\{client_id=\"consumer-gateway-"
                            + "policy-[^}]*\\} [0-9.]+"));
  }

  private String scrape() {
    var response = new Http(port, Http.ADMIN_KEY).get("/actuator/prometheus");
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
