package io.inferedge.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.contracts.Plan;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service as a client sees it: the real nano model from {@code ../models}, a real (embedded)
 * Kafka broker, HTTP through MockMvc. One application context serves every test.
 */
@SpringBootTest(
    properties = {
      "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
      "infer-edge.inference.model-dir=../models",
      "infer-edge.inference.device-id=device-7",
      "infer-edge.inference.predictors-per-model=2",
      "infer-edge.support.max-request-size=16KB",
      "infer-edge.support.admin-key-hash=" + InferenceApiTest.ADMIN_KEY_HASH
    })
@AutoConfigureMockMvc
@EmbeddedKafka
class InferenceApiTest {

  static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");
  static final FashionFrames FRAMES = FashionFrames.load();

  @TestConfiguration
  static class FixedClock {
    @Bean
    @Primary
    Clock fixedClock() {
      return Clock.fixed(NOW, ZoneOffset.UTC);
    }
  }

  @Autowired MockMvc mvc;
  @Autowired JsonMapper json;
  @Autowired EmbeddedKafkaBroker broker;
  @Autowired MeterRegistry meters;

  private static MockHttpServletRequestBuilder infer(String query, MediaType type, byte[] body) {
    return post("/api/v1/inferences?" + query).contentType(type).content(body);
  }

  private ResultActions problem(ResultActions result, int status, String field) throws Exception {
    return result
        .andExpect(status().is(status))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(status))
        .andExpect(jsonPath("$.field").value(field));
  }

  @Test
  void classifiesAPngFrameAndPublishesTheResult() throws Exception {
    int label = FRAMES.label(0);
    String body =
        mvc.perform(
                infer(
                    "streamId=cam-1&frameSeq=42&plan=nano/c3/r64/s1&groundTruth=" + label,
                    MediaType.IMAGE_PNG,
                    FRAMES.png(0, 48)))
            .andExpect(status().isOk())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
            .andReturn()
            .getResponse()
            .getContentAsString();
    JsonNode response = json.readTree(body);

    assertThat(response.get("streamId").asString()).isEqualTo("cam-1");
    assertThat(response.get("frameSeq").asLong()).isEqualTo(42);
    assertThat(response.get("deviceId").asString()).isEqualTo("device-7");
    assertThat(response.get("plan").get("configId").asString()).isEqualTo("nano/c3/r64/s1");
    assertThat(response.get("plan").get("inputResolution").asInt()).isEqualTo(64);
    assertThat(response.get("groundTruth").asInt()).isEqualTo(label);
    List<Double> scores = new ArrayList<>();
    response.get("scores").forEach(s -> scores.add(s.asDouble()));
    assertThat(scores).hasSize(10).allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
    assertThat(scores.stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-3));
    int predicted = response.get("label").asInt();
    assertThat(scores.get(predicted)).isEqualTo(scores.stream().max(Double::compare).orElseThrow());
    assertThat(response.get("confidence").asDouble()).isEqualTo(scores.get(predicted));
    assertThat(response.get("labelName").asString()).isNotBlank();
    assertThat(response.get("correct").asBoolean()).isEqualTo(predicted == label);
    assertThat(response.get("bytesSent").asLong()).isZero();
    assertThat(response.get("serverBatchSize").isNull()).isTrue();
    assertThat(response.get("deviceProfile").asString()).isEqualTo("host");
    assertThat(response.get("linkProfile").asString()).isEqualTo("wifi-20");
    assertThat(response.get("plan").get("precision").asString()).isEqualTo("FP32");
    JsonNode latency = response.get("latency");
    assertThat(latency.get("deviceComputeMicros").asLong()).isPositive();
    assertThat(latency.get("transferMicros").asLong()).isZero();
    assertThat(latency.get("serverQueueMicros").asLong()).isZero();
    assertThat(latency.get("serverComputeMicros").asLong()).isZero();
    // host: slowdown 1, nothing sent: nothing emulated
    assertThat(latency.get("emulatedDeviceMicros").asLong()).isZero();
    assertThat(latency.get("emulatedLinkMicros").asLong()).isZero();
    assertThat(latency.get("totalMicros").asLong())
        .isGreaterThanOrEqualTo(
            latency.get("preprocessMicros").asLong() + latency.get("deviceComputeMicros").asLong());

    UUID eventId = UUID.fromString(response.get("eventId").asString());
    ConsumerRecord<String, String> record = InferenceRecords.awaitPublished(broker, eventId);
    InferenceCompleted event = json.readValue(record.value(), InferenceCompleted.class);
    assertThat(record.key()).isEqualTo("cam-1");
    assertThat(event.plan()).isEqualTo(new Plan("nano", 3, 64, 1));
    assertThat(event.deviceId()).isEqualTo("device-7");
    assertThat(event.frameSeq()).isEqualTo(42);
    assertThat(event.predictedLabel()).isEqualTo(predicted);
    assertThat(event.scores()).isEqualTo(scores);
    assertThat(event.groundTruthLabel()).isEqualTo(label);
    assertThat(event.bytesSent()).isZero();
    assertThat(event.transferMicros()).isZero();
    // The link of this device tier, from tier-profiles.yml: radio energy = this power x transfer.
    assertThat(event.linkProfile()).isEqualTo("wifi-20");
    assertThat(event.radioTransmitMilliwatts()).isEqualTo(5796.0);
    assertThat(event.deviceProfile()).isEqualTo("host");
    assertThat(event.serverQueueMicros()).isZero();
    assertThat(event.deviceComputeMicros()).isEqualTo(latency.get("deviceComputeMicros").asLong());
    assertThat(event.deviceComputeStartedAt()).isEqualTo(NOW);
    assertThat(
            Duration.between(event.deviceComputeStartedAt(), event.deviceComputeEndedAt()).toNanos()
                / 1_000)
        .isEqualTo(event.deviceComputeMicros());
    assertThat(
            meters
                .get("inference.latency")
                .tags("model", "nano", "resolution", "64")
                .timer()
                .count())
        .isPositive();
  }

  @Test
  void classifiesRawGreyBytesAtALowerResolution() throws Exception {
    mvc.perform(
            infer(
                "streamId=cam-2&frameSeq=0&plan=nano/c3/r24/s2",
                MediaType.APPLICATION_OCTET_STREAM,
                FRAMES.raw(1, 56)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.scores", hasSize(10)))
        .andExpect(jsonPath("$.plan.inputResolution").value(24))
        .andExpect(jsonPath("$.groundTruth").isEmpty())
        .andExpect(jsonPath("$.correct").isEmpty());
  }

  @Test
  void recognisesHeldOutFashionItemsFarAboveChance() throws Exception {
    int correct = 0;
    for (int i = 0; i < FashionFrames.COUNT; i++) {
      String body =
          mvc.perform(
                  infer(
                      "streamId=eval&frameSeq=" + i + "&plan=nano/c3/r64/s1",
                      MediaType.IMAGE_PNG,
                      FRAMES.png(i, 48)))
              .andExpect(status().isOk())
              .andReturn()
              .getResponse()
              .getContentAsString();
      if (json.readTree(body).get("label").asInt() == FRAMES.label(i)) {
        correct++;
      }
    }
    // Chance is 10 %; a transposed, inverted or mis-scaled frame falls to about that.
    assertThat(correct).as("correct of %d", FashionFrames.COUNT).isGreaterThanOrEqualTo(40);
  }

  @Test
  void aBodyThatIsNotAnImageIsA400NamingTheBody() throws Exception {
    problem(
            mvc.perform(
                infer(
                    "streamId=cam-1&frameSeq=1&plan=nano/c3/r64/s1",
                    MediaType.IMAGE_PNG,
                    "hello".getBytes())),
            400,
            "body")
        .andExpect(jsonPath("$.detail").value(containsString("not an image")));
  }

  @Test
  void aRawBodyOfTheWrongSizeIsA400() throws Exception {
    problem(
            mvc.perform(
                infer(
                    "streamId=cam-1&frameSeq=1&plan=nano/c3/r64/s1",
                    MediaType.APPLICATION_OCTET_STREAM,
                    new byte[1000])),
            400,
            "body")
        .andExpect(jsonPath("$.detail").value(containsString("4096")));
  }

  @Test
  void anEmptyBodyIsA400() throws Exception {
    problem(
        mvc.perform(
            infer(
                "streamId=cam-1&frameSeq=1&plan=nano/c3/r64/s1", MediaType.IMAGE_PNG, new byte[0])),
        400,
        "body");
  }

  @Test
  void anotherContentTypeIsA415() throws Exception {
    mvc.perform(
            infer(
                "streamId=cam-1&frameSeq=1&plan=nano/c3/r64/s1",
                MediaType.IMAGE_JPEG,
                FRAMES.png(0, 48)))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void anUnknownModelIsA422NamingThePlan() throws Exception {
    problem(
            mvc.perform(
                infer(
                    "streamId=cam-1&frameSeq=1&plan=huge/c3/r64/s1",
                    MediaType.IMAGE_PNG,
                    FRAMES.png(0, 48))),
            422,
            "plan")
        .andExpect(jsonPath("$.detail").value(containsString("huge")));
  }

  @Test
  void aCutTheModelDoesNotHaveIsA422NamingThePlan() throws Exception {
    problem(
            mvc.perform(
                infer(
                    "streamId=cam-1&frameSeq=1&plan=nano/c7/r64/s1",
                    MediaType.IMAGE_PNG,
                    FRAMES.png(0, 48))),
            422,
            "plan")
        .andExpect(jsonPath("$.detail").value(containsString("nano/c7/r64/s1")));
  }

  @Test
  void aSplitPlanWithoutAServerTierIsA422SayingSo() throws Exception {
    for (String plan : List.of("nano/c1/r64/s1", "nano/c0/r32/s1/q8")) {
      problem(
              mvc.perform(
                  infer(
                      "streamId=cam-1&frameSeq=1&plan=" + plan,
                      MediaType.IMAGE_PNG,
                      FRAMES.png(0, 48))),
              422,
              "plan")
          .andExpect(jsonPath("$.detail").value(containsString("no server tier")))
          .andExpect(jsonPath("$.detail").value(containsString("infer-edge.inference.server-url")));
    }
  }

  @Test
  void malformedPlanTextIsA400NamingThePlan() throws Exception {
    for (String plan : List.of("nano", "nano/c3/r65/s1")) {
      problem(
          mvc.perform(
              infer(
                  "streamId=cam-1&frameSeq=1&plan=" + plan,
                  MediaType.IMAGE_PNG,
                  FRAMES.png(0, 48))),
          400,
          "plan");
    }
  }

  @Test
  void missingOrBadParametersAreA400NamingThem() throws Exception {
    byte[] png = FRAMES.png(0, 48);
    problem(
        mvc.perform(infer("frameSeq=1&plan=nano/c3/r64/s1", MediaType.IMAGE_PNG, png)),
        400,
        "streamId");
    problem(
        mvc.perform(
            infer("streamId=cam!1&frameSeq=1&plan=nano/c3/r64/s1", MediaType.IMAGE_PNG, png)),
        400,
        "streamId");
    problem(
        mvc.perform(infer("streamId=cam-1&plan=nano/c3/r64/s1", MediaType.IMAGE_PNG, png)),
        400,
        "frameSeq");
    problem(
        mvc.perform(
            infer("streamId=cam-1&frameSeq=-1&plan=nano/c3/r64/s1", MediaType.IMAGE_PNG, png)),
        400,
        "frameSeq");
    problem(
        mvc.perform(
            infer("streamId=cam-1&frameSeq=x&plan=nano/c3/r64/s1", MediaType.IMAGE_PNG, png)),
        400,
        "frameSeq");
    problem(mvc.perform(infer("streamId=cam-1&frameSeq=1", MediaType.IMAGE_PNG, png)), 400, "plan");
    problem(
        mvc.perform(
            infer(
                "streamId=cam-1&frameSeq=1&plan=nano/c3/r64/s1&groundTruth=10",
                MediaType.IMAGE_PNG,
                png)),
        400,
        "groundTruth");
  }

  @Test
  void aBodyOverTheLimitIsA413() throws Exception {
    problem(
        mvc.perform(
            infer(
                "streamId=cam-1&frameSeq=1&plan=nano/c3/r64/s1",
                MediaType.APPLICATION_OCTET_STREAM,
                new byte[16 * 1024 + 1])),
        413,
        "body");
  }

  @Test
  void listsTheLoadedModelsWithTheirManifestFacts() throws Exception {
    mvc.perform(get("/api/v1/models"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.models[?(@.name == 'nano')].blocks").value(3))
        .andExpect(jsonPath("$.models[?(@.name == 'nano')].cuts[*]").value(contains(0, 1, 2, 3)))
        .andExpect(jsonPath("$.models[0].parameters").isNumber())
        .andExpect(jsonPath("$.models[0].accuracy['64']").isNumber())
        .andExpect(jsonPath("$.models[0].classes", hasSize(10)));
  }

  @Test
  void isReadyWhenKafkaAndTheModelsAre() throws Exception {
    mvc.perform(get("/actuator/health/readiness"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("UP"))
        .andExpect(jsonPath("$.components.models.status").value("UP"))
        .andExpect(jsonPath("$.components.models.details.models.nano.loaded").value(true))
        .andExpect(jsonPath("$.components.kafka.status").value("UP"));
  }

  /** Test-only admin key and its SHA-256. */
  static final String ADMIN_KEY = "ie_test-only-admin-key-not-a-secret";

  static final String ADMIN_KEY_HASH =
      "a05eb6ca2e336929354def00fe1141bcdc1218fa2b4f5cb63034dcb09c9496b3";

  @Test
  void actuatorBeyondHealthIsRefusedWithoutTheAdminKey() throws Exception {
    mvc.perform(get("/actuator/prometheus"))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(401));
    mvc.perform(get("/actuator/info").header("X-API-Key", "ie_wrong"))
        .andExpect(status().isUnauthorized());
    mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
  }

  @Test
  void exposesOnlyHealthInfoAndPrometheus() throws Exception {
    mvc.perform(
            infer(
                "streamId=cam-3&frameSeq=5&plan=nano/c3/r32/s1",
                MediaType.APPLICATION_OCTET_STREAM,
                FRAMES.raw(2, 48)))
        .andExpect(status().isOk());

    mvc.perform(get("/actuator/prometheus").header("X-API-Key", ADMIN_KEY))
        .andExpect(status().isOk())
        .andExpect(
            content()
                .string(
                    containsString(
                        "inference_latency_seconds_count{model=\"nano\",resolution=\"32\"")))
        .andExpect(
            content()
                .string(
                    containsString(
                        "inference_predictors{model=\"nano\",signature=\"full\","
                            + "state=\"idle\"} 2.0")));
    mvc.perform(get("/actuator/info").header("Authorization", "Bearer " + ADMIN_KEY))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.app.name").value("inference-service"))
        .andExpect(jsonPath("$.inference['device-id']").value("device-7"))
        .andExpect(jsonPath("$.inference.role").value("device"));
    mvc.perform(get("/actuator/env").header("X-API-Key", ADMIN_KEY))
        .andExpect(status().isNotFound());
  }
}
