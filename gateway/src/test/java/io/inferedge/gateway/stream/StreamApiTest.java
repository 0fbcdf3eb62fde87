package io.inferedge.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inferedge.gateway.FakeService;
import io.inferedge.gateway.FakeService.Response;
import io.inferedge.gateway.GatewayApplication;
import io.inferedge.gateway.Http;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The streams API over real HTTP and a real (embedded) Kafka: register, read, list, update and
 * delete; registrations survive for a second gateway instance through the compacted topic; the
 * registered requirements are what the stream's decisions use; bad input gets a 400 problem naming
 * the field.
 */
@EmbeddedKafka
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
      Http.TEST_KEY_PROPERTY
    })
class StreamApiTest {

  static final FakeService POLICY = new FakeService();

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    registry.add("infer-edge.gateway.policy-url", POLICY::url);
  }

  @AfterAll
  static void stop() {
    POLICY.close();
  }

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired EmbeddedKafkaBroker broker;

  @Test
  void streamsAreRegisteredReadUpdatedDeletedAndSeenByASecondInstance() {
    var http = new Http(port);

    var created =
        http.postJson(
            "/api/v1/streams", "{\"streamId\":\"cam-crud\",\"profile\":\"latency-first\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/streams/cam-crud");
    JsonNode body = json.readTree(created.body());
    assertThat(body.get("profile").asString()).isEqualTo("latency-first");
    assertThat(body.get("requirements").get("latencySloMillis").asLong()).isEqualTo(100);

    assertThat(http.postJson("/api/v1/streams", "{\"streamId\":\"cam-crud\"}").statusCode())
        .isEqualTo(409);

    var explicit =
        http.postJson(
            "/api/v1/streams",
            """
            {"streamId":"cam-explicit","requirements":{"latencySloMillis":80,"accuracyFloor":0.5,
             "latencyWeight":0.5,"accuracyWeight":0.3,"energyWeight":0.2}}
            """);
    assertThat(explicit.statusCode()).as(explicit.body()).isEqualTo(201);
    assertThat(json.readTree(explicit.body()).get("profile").isNull()).isTrue();

    var updated =
        http.putJson(
            "/api/v1/streams/cam-crud",
            """
            {"requirements":{"latencySloMillis":90,"accuracyFloor":0.0,
             "latencyWeight":0.4,"accuracyWeight":0.4,"energyWeight":0.2}}
            """);
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    JsonNode read = json.readTree(http.get("/api/v1/streams/cam-crud").body());
    assertThat(read.get("requirements").get("latencySloMillis").asLong()).isEqualTo(90);
    assertThat(read.get("createdAt").asString()).isEqualTo(body.get("createdAt").asString());

    JsonNode list = json.readTree(http.get("/api/v1/streams").body());
    assertThat(list.findValuesAsString("streamId")).contains("cam-crud", "cam-explicit");

    // The decision request for a registered stream carries its requirements.
    POLICY.respond(request -> Response.json(500, "{}"));
    http.post("/api/v1/streams/cam-crud/frames", "application/octet-stream", new byte[4096]);
    var asked = POLICY.takeRequest();
    assertThat(asked).isNotNull();
    assertThat(json.readTree(asked.body()).get("requirements").get("latencySloMillis").asLong())
        .isEqualTo(90);

    try (ConfigurableApplicationContext second = startSecondInstance()) {
      var other = new Http(port(second));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                var response = other.get("/api/v1/streams/cam-crud");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(
                        json.readTree(response.body())
                            .get("requirements")
                            .get("latencySloMillis")
                            .asLong())
                    .isEqualTo(90);
              });

      assertThat(http.delete("/api/v1/streams/cam-crud").statusCode()).isEqualTo(204);
      assertThat(http.get("/api/v1/streams/cam-crud").statusCode()).isEqualTo(404);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(other.get("/api/v1/streams/cam-crud").statusCode()).isEqualTo(404));
      assertThat(other.get("/api/v1/streams/cam-explicit").statusCode()).isEqualTo(200);
    }
    assertThat(http.delete("/api/v1/streams/cam-crud").statusCode()).isEqualTo(404);
  }

  @Test
  void badInputIsA400ProblemNamingTheField() {
    var http = new Http(port);

    assertField(http.postJson("/api/v1/streams", "{\"profile\":\"balanced\"}"), "streamId");
    assertField(http.postJson("/api/v1/streams", "{\"streamId\":\"-bad\"}"), "streamId");
    assertField(
        http.postJson("/api/v1/streams", "{\"streamId\":\"cam-bad\",\"profile\":\"fastest\"}"),
        "profile");
    assertField(
        http.postJson(
            "/api/v1/streams",
            """
            {"streamId":"cam-bad","requirements":{"latencySloMillis":80,"accuracyFloor":0.5,
             "latencyWeight":0.5,"accuracyWeight":0.3}}
            """),
        "requirements.energyWeight");
    assertField(
        http.postJson(
            "/api/v1/streams",
            """
            {"streamId":"cam-bad","requirements":{"latencySloMillis":0,"accuracyFloor":0.5,
             "latencyWeight":0.5,"accuracyWeight":0.3,"energyWeight":0.2}}
            """),
        "requirements.latencySloMillis");
    assertField(
        http.postJson(
            "/api/v1/streams",
            """
            {"streamId":"cam-bad","requirements":{"latencySloMillis":80,"accuracyFloor":0.5,
             "latencyWeight":0.5,"accuracyWeight":0.5,"energyWeight":0.2}}
            """),
        "requirements.latencyWeight");
    assertThat(http.get("/api/v1/streams/cam-bad").statusCode()).isEqualTo(404);
    var missing = http.putJson("/api/v1/streams/nobody", "{\"profile\":\"balanced\"}");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json.readTree(missing.body()).get("detail").asString()).contains("nobody");
    assertThat(http.get("/api/v1/streams/nobody/decisions").statusCode()).isEqualTo(404);
  }

  private void assertField(HttpResponse<String> response, String field) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(json.readTree(response.body()).get("field").asString()).isEqualTo(field);
  }

  private ConfigurableApplicationContext startSecondInstance() {
    return new SpringApplicationBuilder(GatewayApplication.class)
        .run(
            "--server.port=0",
            "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
            "--infer-edge.gateway.policy-url=" + POLICY.url(),
            "--" + Http.TEST_KEY_PROPERTY);
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }
}
