package io.inferedge.gateway.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.inferedge.contracts.DecisionMade;
import io.inferedge.contracts.PolicyPublished;
import io.inferedge.contracts.PolicyPublished.ActionHead;
import io.inferedge.contracts.PolicyPublished.DenseLayer;
import io.inferedge.contracts.StreamRequirements;
import io.inferedge.contracts.Topics;
import io.inferedge.gateway.FakeService;
import io.inferedge.gateway.FakeService.Response;
import io.inferedge.gateway.Http;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a frame's plan comes from, on a real (embedded) broker: policy-service while no actor has
 * been published, the default plan when policy-service is down too, and the gateway itself with the
 * shipped A2C actor once its {@code PolicyPublished} is on the topic (policy-service is then not
 * asked at all). The decision log of the stream shows each source, and the decisions the gateway
 * made itself (default plan and in-process, not policy-service's) are published as {@code
 * DecisionMade} under the ids the frames' replies carry.
 */
@EmbeddedKafka
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
      "infer-edge.gateway.decision-timeout=3s",
      Http.TEST_KEY_PROPERTY
    })
class InProcessDecisionTest {

  /**
   * The artefact policy-service ships and activates (the actor trained on the measured profile).
   */
  static final Path ARTEFACT = Path.of("../policy-service/src/main/resources/policies/a2c.json");

  static final FakeService POLICY = new FakeService();
  static final FakeService INFERENCE = new FakeService();

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
  @Autowired EmbeddedKafkaBroker broker;

  Http http;

  @BeforeEach
  void deviceTierEchoesThePlan() {
    http = new Http(port);
    INFERENCE.respond(
        request -> {
          String plan = query(request.query(), "plan");
          return Response.json(
              200,
              """
              {"eventId":"%s","streamId":"s","frameSeq":1,"deviceId":"d",
               "label":2,"labelName":"pullover","confidence":0.7,
               "latency":{"preprocessMicros":10,"deviceComputeMicros":2000,"transferMicros":4000,
                          "serverQueueMicros":500,"serverComputeMicros":1000,"totalMicros":7500},
               "bytesSent":%d,"serverBatchSize":1}
              """
                  .formatted(UUID.randomUUID(), plan.contains("/c0/") ? 0 : 2400));
        });
  }

  @Test
  void policyServiceThenDefaultThenInProcessOncePublished() throws Exception {
    // No actor yet: policy-service decides.
    POLICY.respond(
        request ->
            Response.json(
                200,
                """
                {"decisionId":"1b4e28ba-2fa1-41d2-883f-0016d3cca427","streamId":"cam-ip",
                 "plan":{"modelVersion":"small","cutPoint":2,"inputResolution":48,"frameSkip":1},
                 "configId":"small/c2/r48/s1","policyVersion":"default"}
                """));
    JsonNode first = frame("cam-ip");
    assertThat(first.get("policySource").asString()).isEqualTo("policy-service");
    assertThat(first.get("configId").asString()).isEqualTo("small/c2/r48/s1");
    assertThat(first.get("reused").asBoolean()).isFalse();
    var asked = POLICY.takeRequest();
    JsonNode request = json.readTree(asked.body());
    assertThat(request.get("streamId").asString()).isEqualTo("cam-ip");
    assertThat(request.get("requirements").get("latencySloMillis").asLong()).isEqualTo(150);

    // policy-service down too: the default plan.
    POLICY.respond(FakeService.DROP);
    JsonNode second = frame("cam-ip");
    assertThat(second.get("policySource").asString()).isEqualTo("default");
    assertThat(second.get("policyVersion").asString()).isEqualTo("fallback-default");
    assertThat(second.get("configId").asString()).isEqualTo("nano/c3/r64/s1");

    // The shipped actor is published: the gateway decides by itself.
    kafka.send(Topics.POLICY_PUBLISHED, "5", published(json, 5)).get();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(frame("cam-ip").get("policySource").asString()).isEqualTo("in-process"));
    POLICY.respond(request2 -> Response.json(500, "{}"));
    JsonNode decided = frame("cam-ip-2");
    assertThat(decided.get("policySource").asString()).isEqualTo("in-process");
    assertThat(decided.get("policyVersion").asString()).isEqualTo("5");
    UUID decisionId = UUID.fromString(decided.get("decisionId").asString());
    assertThat(decided.get("plan").get("modelVersion").asString())
        .isIn("nano", "small", "medium", "large");
    assertThat(POLICY.takeRequest()).isNull();

    var log = http.get("/api/v1/streams/cam-ip/decisions");
    assertThat(log.statusCode()).isEqualTo(200);
    JsonNode entries = json.readTree(log.body());
    assertThat(entries.get(0).get("policySource").asString()).isEqualTo("policy-service");
    assertThat(entries.get(1).get("policySource").asString()).isEqualTo("default");
    JsonNode last = entries.get(entries.size() - 1);
    assertThat(last.get("policySource").asString()).isEqualTo("in-process");
    assertThat(last.get("state").get("device").asString()).isEqualTo("jetson-tx2");
    assertThat(last.get("state").get("bandwidthMbps").asDouble()).isPositive();

    DecisionMade inProcess = decisionsOf("cam-ip-2", 1).get(0);
    assertThat(inProcess.decisionId()).isEqualTo(decisionId);
    assertThat(inProcess.policyVersion()).isEqualTo("5");
    assertThat(inProcess.decisionSource()).isEqualTo("in-process");
    assertThat(inProcess.configId()).isEqualTo(decided.get("configId").asString());
    assertThat(inProcess.requirements()).isEqualTo(StreamRequirements.BALANCED);
    assertThat(inProcess.state().device()).isEqualTo("jetson-tx2");
    assertThat(inProcess.state().bandwidthMbps()).isPositive();
    // cam-ip: the default-plan decision first (as the decision log names it), never
    // policy-service's own decision, which its decision API logged already.
    List<DecisionMade> camIp = decisionsOf("cam-ip", 2);
    assertThat(camIp.get(0).decisionId().toString()).isEqualTo(second.get("decisionId").asString());
    assertThat(camIp.get(0).policyVersion()).isEqualTo("default");
    assertThat(camIp.get(0).decisionSource()).isEqualTo("default");
    assertThat(camIp.get(0).configId()).isEqualTo("nano/c3/r64/s1");
    assertThat(camIp)
        .extracting(d -> d.decisionId().toString())
        .doesNotContain(first.get("decisionId").asString());
  }

  /** The first {@code count} or more {@code DecisionMade} records of a stream, in order. */
  private List<DecisionMade> decisionsOf(String streamId, int count) {
    Map<String, Object> props =
        KafkaTestUtils.consumerProps(broker, "test-reader-" + UUID.randomUUID(), false);
    try (var consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.DECISION_MADE));
      List<DecisionMade> found = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                  if (streamId.equals(r.key())) {
                    found.add(json.readValue(r.value(), DecisionMade.class));
                  }
                }
                return found.size() >= count;
              });
      return found;
    }
  }

  private JsonNode frame(String streamId) {
    var response =
        http.post("/api/v1/streams/" + streamId + "/frames", "application/octet-stream", FRAME);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  /** The shipped actor as a {@code PolicyPublished} of {@code version}. */
  static PolicyPublished published(JsonMapper json, long version) throws Exception {
    Artefact artefact = json.readValue(ARTEFACT.toFile(), Artefact.class);
    return new PolicyPublished(
        UUID.randomUUID(),
        Instant.now(),
        PolicyPublished.SCHEMA_VERSION,
        version,
        artefact.algorithm(),
        artefact.stateFeatures(),
        artefact.actionHeads(),
        artefact.actor());
  }

  static String query(String query, String name) {
    for (String part : query.split("&")) {
      if (part.startsWith(name + "=")) {
        return java.net.URLDecoder.decode(
            part.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  /** The parts of policy-service's artefact a {@code PolicyPublished} carries. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Artefact(
      String algorithm,
      List<String> stateFeatures,
      List<ActionHead> actionHeads,
      List<DenseLayer> actor) {}
}
