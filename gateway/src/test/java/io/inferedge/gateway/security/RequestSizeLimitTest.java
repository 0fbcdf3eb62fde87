package io.inferedge.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inferedge.contracts.Topics;
import io.inferedge.gateway.FakeService;
import io.inferedge.gateway.FakeService.Response;
import io.inferedge.gateway.Http;
import io.inferedge.support.security.KeyHashes;
import io.inferedge.support.test.KafkaRecords;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The per-key request size limit over real HTTP and a real (embedded) Kafka, on the frame endpoint:
 * a configured key has the default limit (6 KiB here), a key issued through the admin endpoint its
 * own (2 KiB), kept with the key in the compacted topic and applied by every gateway that replays
 * it. A body over the key's limit is a 413 problem whether it declares its length or is chunked,
 * and never reaches the device tier, while the same body from a key with a larger limit is served.
 * The global limit (64 KiB here) bounds what an issued key may be given.
 */
@EmbeddedKafka
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
      Http.TEST_KEY_PROPERTY,
      "infer-edge.gateway.security.admin-key-hash=" + ApiKeySecurityTest.ADMIN_KEY_HASH,
      "infer-edge.gateway.security.max-request-size=6KB",
      "infer-edge.support.max-request-size=64KB"
    })
class RequestSizeLimitTest {

  static final FakeService POLICY = new FakeService();
  static final FakeService INFERENCE = new FakeService();

  static final String DECISION =
      """
      {"decisionId":"1b4e28ba-2fa1-41d2-883f-0016d3cca427","streamId":"cam-s",
       "plan":{"modelVersion":"nano","cutPoint":3,"inputResolution":64,"frameSkip":1},
       "configId":"nano/c3/r64/s1","policyVersion":"7"}
      """;

  static final String RESULT =
      """
      {"eventId":"%s","streamId":"cam-s","frameSeq":1,"deviceId":"d",
       "label":2,"labelName":"pullover","confidence":0.7,
       "latency":{"preprocessMicros":10,"deviceComputeMicros":2000,"transferMicros":0,
                  "serverComputeMicros":0,"totalMicros":2100},
       "bytesSent":0}
      """;

  static final HttpClient CHUNKING =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

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
  @Autowired EmbeddedKafkaBroker broker;

  @BeforeEach
  void services() {
    POLICY.respond(request -> Response.json(200, DECISION));
    INFERENCE.respond(request -> Response.json(200, RESULT.formatted(UUID.randomUUID())));
  }

  @Test
  void aConfiguredKeyHasTheDefaultLimitWithOrWithoutAContentLength() throws Exception {
    var client = new Http(port);
    assertThat(frame(client, 4096).statusCode()).isEqualTo(200);
    assertThat(INFERENCE.takeRequest()).isNotNull();

    assertTooLarge(frame(client, 6145), 6144);
    assertTooLarge(chunkedFrame(Http.TEST_KEY, 6145), 6144);
    assertThat(INFERENCE.takeRequest()).as("no refused body reaches the device tier").isNull();
    assertThat(chunkedFrame(Http.TEST_KEY, 6144).statusCode()).isEqualTo(200);
  }

  @Test
  void anIssuedKeyKeepsItsOwnLimitInTheTopicAndEveryGatewayAppliesIt() throws Exception {
    var admin = new Http(port, ApiKeySecurityTest.ADMIN_KEY);
    HttpResponse<String> issued =
        admin.postJson(
            "/api/v1/admin/api-keys", "{\"name\":\"small-cam\",\"maxRequestBytes\":2048}");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    JsonNode created = json.readTree(issued.body());
    String id = created.get("id").asString();
    String key = created.get("key").asString();
    assertThat(created.get("maxRequestBytes").asLong()).isEqualTo(2048);

    var small = new Http(port, key);
    assertThat(frame(small, 2048).statusCode()).isEqualTo(200);
    assertTooLarge(frame(small, 4096), 2048);
    assertTooLarge(chunkedFrame(key, 4096), 2048);
    // The same body from a key with the default limit is served.
    assertThat(frame(new Http(port), 4096).statusCode()).isEqualTo(200);

    // The limit is kept with the key (its hash only) in the compacted topic ...
    JsonNode stored = json.readTree(KafkaRecords.awaitRecord(broker, Topics.API_KEYS, id).value());
    assertThat(stored.get("maxRequestBytes").asLong()).isEqualTo(2048);
    assertThat(stored.get("sha256").asString()).isEqualTo(KeyHashes.sha256(key));
    // ... and listed, with the default for keys without one of their own.
    JsonNode listing = json.readTree(admin.get("/api/v1/admin/api-keys").body());
    assertThat(limitOf(listing, id)).isEqualTo(2048);
    assertThat(limitOf(listing, "config:test")).isEqualTo(6144);

    // A key another gateway instance issued reaches this one through the topic, with its limit.
    String otherKey = KeyHashes.newKey();
    String otherId = UUID.randomUUID().toString();
    KafkaRecords.sendRaw(
        broker,
        Topics.API_KEYS,
        otherId,
        json.writeValueAsBytes(
            new ApiKeyIssued(otherId, "other", KeyHashes.sha256(otherKey), Instant.now(), 1024L)));
    var other = new Http(port, otherKey);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(frame(other, 1024).statusCode()).isEqualTo(200));
    assertTooLarge(frame(other, 1025), 1024);
  }

  @Test
  void anIssuedLimitMustBePositiveAndWithinTheGlobalLimit() {
    var admin = new Http(port, ApiKeySecurityTest.ADMIN_KEY);
    for (String limit : new String[] {"0", "65537"}) {
      HttpResponse<String> refused =
          admin.postJson(
              "/api/v1/admin/api-keys", "{\"name\":\"cam\",\"maxRequestBytes\":" + limit + "}");
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
      assertThat(json.readTree(refused.body()).get("field").asString())
          .isEqualTo("maxRequestBytes");
    }
    assertThat(
            admin
                .postJson("/api/v1/admin/api-keys", "{\"name\":\"cam\",\"maxRequestBytes\":65536}")
                .statusCode())
        .isEqualTo(201);
  }

  private static long limitOf(JsonNode listing, String id) {
    for (JsonNode key : listing) {
      if (key.get("id").asString().equals(id)) {
        return key.get("maxRequestBytes").asLong();
      }
    }
    throw new AssertionError("no key " + id + " in " + listing);
  }

  private void assertTooLarge(HttpResponse<String> response, long limit) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(413);
    assertThat(problem.get("field").asString()).isEqualTo("body");
    assertThat(problem.get("detail").asString()).contains("limit of " + limit + " bytes");
  }

  private static HttpResponse<String> frame(Http client, int bytes) {
    return client.post("/api/v1/streams/cam-s/frames", "application/octet-stream", new byte[bytes]);
  }

  /**
   * A frame without a {@code Content-Length}: the JDK client sends a stream of unknown length
   * chunked.
   */
  private HttpResponse<String> chunkedFrame(String key, int bytes)
      throws IOException, InterruptedException {
    byte[] body = new byte[bytes];
    return CHUNKING.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/streams/cam-s/frames"))
            .header("X-API-Key", key)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
