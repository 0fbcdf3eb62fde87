package io.inferedge.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.contracts.ProblemTypes;
import io.inferedge.support.security.KeyHashes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Both tiers in one JVM, over real loopback HTTP: a server-role instance (dynamic batching with a
 * 150 ms max delay) and device-role instances pointing at it, one with the real loopback as its
 * link ({@code none}, {@code host}), one emulating an LTE link and a Jetson Orin Nano, and one
 * whose server tier is a stub that answers too late and then not at all. Real models from {@code
 * ../models}, a real embedded Kafka broker. The tiers share a tier secret generated per run.
 */
@EmbeddedKafka
@ExtendWith(OutputCaptureExtension.class)
class TwoTierTest {

  static final String TIER_SECRET = KeyHashes.newKey();

  static final FashionFrames FRAMES = FashionFrames.load();
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static EmbeddedKafkaBroker broker;
  static ConfigurableApplicationContext server;
  static ConfigurableApplicationContext device;
  static ConfigurableApplicationContext lteDevice;
  static ConfigurableApplicationContext stubbedDevice;
  static HttpServer stub;
  static final CountDownLatch STUB_RELEASE = new CountDownLatch(1);

  @BeforeAll
  static void start() throws IOException {
    broker = EmbeddedKafkaCondition.getBroker();
    server =
        start(
            "server-1",
            Map.of(
                "infer-edge.inference.role", "server",
                "infer-edge.inference.batching.max-batch-size", "8",
                "infer-edge.inference.batching.max-delay", "150ms"));
    String serverUrl = "http://localhost:" + port(server);
    device =
        start(
            "device-loop",
            Map.of(
                "infer-edge.inference.server-url",
                serverUrl,
                "infer-edge.inference.link-profile",
                "none"));
    lteDevice =
        start(
            "device-lte",
            Map.of(
                "infer-edge.inference.server-url", serverUrl,
                "infer-edge.inference.link-profile", "lte-8",
                "infer-edge.inference.device-profile", "jetson-orin-nano"));
    stub = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    stub.createContext(
        "/",
        exchange -> {
          try {
            STUB_RELEASE.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    stub.setExecutor(Executors.newCachedThreadPool());
    stub.start();
    stubbedDevice =
        start(
            "device-stubbed",
            Map.of(
                "infer-edge.inference.server-url",
                "http://localhost:" + stub.getAddress().getPort(),
                "infer-edge.inference.server-timeout",
                "500ms",
                "infer-edge.inference.link-profile",
                "none"));
  }

  private static ConfigurableApplicationContext start(String id, Map<String, String> extra) {
    Map<String, Object> properties = new HashMap<>(extra);
    properties.put("server.port", "0");
    properties.put("spring.kafka.bootstrap-servers", broker.getBrokersAsString());
    // absolute: a relative "../models" does not bind to a Path outside a test context
    properties.put(
        "infer-edge.inference.model-dir",
        java.nio.file.Path.of("..", "models").toAbsolutePath().normalize().toString());
    properties.put("infer-edge.inference.device-id", id);
    properties.put("infer-edge.inference.predictors-per-model", "2");
    properties.put("infer-edge.inference.tier-secret", TIER_SECRET);
    properties.put("infer-edge.support.admin-key-hash", InferenceApiTest.ADMIN_KEY_HASH);
    // as arguments: SpringApplicationBuilder.properties are defaults, below application.yml
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new SpringApplicationBuilder(InferenceApplication.class).run(args);
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  @AfterAll
  static void stop() {
    STUB_RELEASE.countDown();
    for (var context :
        new ConfigurableApplicationContext[] {stubbedDevice, lteDevice, device, server}) {
      if (context != null) {
        context.close();
      }
    }
    if (stub != null) {
      stub.stop(0);
    }
  }

  record Reply(int status, JsonNode body, long millis) {}

  private static Reply infer(ConfigurableApplicationContext tier, String plan, int frame)
      throws Exception {
    String query =
        "streamId=two-tier&frameSeq="
            + frame
            + "&plan="
            + plan
            + "&groundTruth="
            + FRAMES.label(frame);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port(tier) + "/api/v1/inferences?" + query))
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(FRAMES.raw(frame, 48)))
            .build();
    return send(request);
  }

  private static Reply tensor(
      String query, Map<String, String> headers, String contentType, byte[] body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port(server) + "/api/v1/tensors?" + query))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (!headers.containsKey("X-Tier-Secret")) {
      request.header("X-Tier-Secret", TIER_SECRET);
    }
    headers.forEach(
        (name, value) -> {
          if (value != null) {
            request.header(name, value);
          }
        });
    return send(request.build());
  }

  private static Reply send(HttpRequest request) throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    long millis = (System.nanoTime() - started) / 1_000_000;
    JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
    return new Reply(response.statusCode(), body, millis);
  }

  private static List<Double> scores(JsonNode reply) {
    List<Double> scores = new ArrayList<>();
    reply.get("scores").forEach(s -> scores.add(s.asDouble()));
    return scores;
  }

  /** A frame the full small model classifies correctly with high confidence, and its reply. */
  private static int confidentFrame() throws Exception {
    for (int i = 0; i < FashionFrames.COUNT; i++) {
      JsonNode full = infer(device, "small/c4/r32/s1", i).body();
      if (full.get("correct").asBoolean() && full.get("confidence").asDouble() > 0.9) {
        return i;
      }
    }
    throw new AssertionError("no confidently classified frame among the first 100");
  }

  @Test
  void aSplitPlanRunsTheTailOnTheServerTierAndAnswersLikeTheFullModel() throws Exception {
    int frame = confidentFrame();
    JsonNode full = infer(device, "small/c4/r32/s1", frame).body();
    Reply split = infer(device, "small/c2/r32/s1", frame);

    assertThat(split.status()).as("%s", split.body()).isEqualTo(200);
    JsonNode reply = split.body();
    assertThat(reply.get("label").asInt()).isEqualTo(FRAMES.label(frame));
    assertThat(reply.get("correct").asBoolean()).isTrue();
    List<Double> fullScores = scores(full);
    List<Double> splitScores = scores(reply);
    for (int i = 0; i < fullScores.size(); i++) {
      assertThat(splitScores.get(i)).isCloseTo(fullScores.get(i), within(1e-4));
    }
    assertThat(reply.get("plan").get("configId").asString()).isEqualTo("small/c2/r32/s1");
    assertThat(reply.get("plan").get("precision").asString()).isEqualTo("FP32");
    // small's activation after block 2 at 32 px: [1, 8, 8, 24] float32 (manifest cutPoints).
    assertThat(reply.get("bytesSent").asLong()).isEqualTo(8 * 8 * 24 * 4);
    assertThat(reply.get("serverBatchSize").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(reply.get("deviceProfile").asString()).isEqualTo("host");
    assertThat(reply.get("linkProfile").asString()).isEqualTo("none");
    JsonNode latency = reply.get("latency");
    assertThat(latency.get("deviceComputeMicros").asLong()).isPositive();
    assertThat(latency.get("serverComputeMicros").asLong()).isPositive();
    assertThat(latency.get("serverQueueMicros").asLong()).isNotNegative();
    assertThat(latency.get("transferMicros").asLong()).isNotNegative();
    assertThat(latency.get("emulatedDeviceMicros").asLong()).isZero();
    assertThat(latency.get("emulatedLinkMicros").asLong()).isZero();
    assertThat(latency.get("totalMicros").asLong())
        .isGreaterThanOrEqualTo(
            latency.get("preprocessMicros").asLong()
                + latency.get("deviceComputeMicros").asLong()
                + latency.get("transferMicros").asLong()
                + latency.get("serverQueueMicros").asLong()
                + latency.get("serverComputeMicros").asLong()
                - 10);

    System.out.println("split small/c2/r32/s1 over loopback (measured): " + latency);
    InferenceCompleted event =
        JSON.readValue(
            InferenceRecords.awaitPublished(
                    broker, UUID.fromString(reply.get("eventId").asString()))
                .value(),
            InferenceCompleted.class);
    assertThat(event.deviceId()).isEqualTo("device-loop");
    assertThat(event.plan().configId()).isEqualTo("small/c2/r32/s1");
    assertThat(event.bytesSent()).isEqualTo(8 * 8 * 24 * 4);
    assertThat(event.transferMicros()).isEqualTo(latency.get("transferMicros").asLong());
    assertThat(event.serverComputeMicros()).isEqualTo(latency.get("serverComputeMicros").asLong());
    assertThat(event.serverQueueMicros()).isEqualTo(latency.get("serverQueueMicros").asLong());
    assertThat(event.deviceProfile()).isEqualTo("host");
    assertThat(event.linkProfile()).isEqualTo("none");
    assertThat(event.correct()).isTrue();
  }

  @Test
  void theServerTiersQueueAndPredictorPoolsAreOnItsPrometheusEndpoint() throws Exception {
    assertThat(infer(device, "small/c2/r32/s1", confidentFrame()).status()).isEqualTo(200);

    HttpRequest scrape =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port(server) + "/actuator/prometheus"))
            .header("X-API-Key", InferenceApiTest.ADMIN_KEY)
            .build();
    HttpResponse<String> response = HTTP.send(scrape, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    // The queue of small's cut 2 at 32 px ([1, 8, 8, 24]) exists and is empty between frames.
    assertThat(response.body())
        .containsPattern(
            "inference_batcher_queue\\{cut=\"2\",model=\"small\",shape=\"1,8,8,24\"\\}" + " 0\\.0")
        .contains("inference_predictors{model=\"small\",signature=\"tail_2\",state=\"idle\"} 2.0")
        .contains("inference_predictors{model=\"small\",signature=\"tail_2\",state=\"busy\"} 0.0");
  }

  @Test
  void cutZeroSendsTheResizedFrameAndComputesNothingOnTheDevice() throws Exception {
    int frame = confidentFrame();
    JsonNode full = infer(device, "small/c4/r48/s1", frame).body();
    Reply reply = infer(device, "small/c0/r48/s1", frame);

    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
    assertThat(reply.body().get("label").asInt()).isEqualTo(full.get("label").asInt());
    assertThat(reply.body().get("bytesSent").asLong()).isEqualTo(48 * 48 * 4);
    JsonNode latency = reply.body().get("latency");
    assertThat(latency.get("deviceComputeMicros").asLong()).isZero();
    assertThat(latency.get("serverComputeMicros").asLong()).isPositive();
  }

  @Test
  void anInt8PlanSendsAQuarterOfTheBytesAndKeepsTheLabel() throws Exception {
    int frame = confidentFrame();
    Reply reply = infer(device, "small/c2/r32/s1/q8", frame);

    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
    assertThat(reply.body().get("plan").get("configId").asString()).isEqualTo("small/c2/r32/s1/q8");
    assertThat(reply.body().get("plan").get("precision").asString()).isEqualTo("INT8");
    assertThat(reply.body().get("label").asInt()).isEqualTo(FRAMES.label(frame));
    assertThat(reply.body().get("bytesSent").asLong()).isEqualTo(8 * 8 * 24 + 4);
  }

  @Test
  void anEmulatedLinkAndDeviceShowUpInTheBreakdown() throws Exception {
    Reply reply = infer(lteDevice, "small/c1/r32/s1", 3);

    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
    JsonNode body = reply.body();
    assertThat(body.get("linkProfile").asString()).isEqualTo("lte-8");
    assertThat(body.get("deviceProfile").asString()).isEqualTo("jetson-orin-nano");
    long bytes = body.get("bytesSent").asLong();
    assertThat(bytes).isEqualTo(16 * 16 * 12 * 4);
    JsonNode latency = body.get("latency");
    System.out.println(
        "small/c1/r32/s1 on jetson-orin-nano over lte-8 (emulated parts): " + latency);
    // lte-8: 60 ms round trip + bytes x 8 bit / 8 Mbit/s, slept before sending.
    long expectedLink = 60_000 + bytes * 8 / 8;
    assertThat(latency.get("emulatedLinkMicros").asLong()).isGreaterThanOrEqualTo(expectedLink);
    assertThat(latency.get("transferMicros").asLong())
        .isGreaterThanOrEqualTo(latency.get("emulatedLinkMicros").asLong());
    // jetson-orin-nano computes 4x slower: 3x the measured head time is slept.
    assertThat(latency.get("emulatedDeviceMicros").asLong()).isPositive();
    assertThat(latency.get("deviceComputeMicros").asLong())
        .isGreaterThan(latency.get("emulatedDeviceMicros").asLong());
    assertThat(latency.get("totalMicros").asLong()).isGreaterThanOrEqualTo(expectedLink);
    assertThat(reply.millis()).isGreaterThanOrEqualTo(expectedLink / 1_000);
  }

  @Test
  void concurrentOffloadsShareServerBatches() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int frame = i;
        replies.add(clients.submit(() -> infer(device, "nano/c1/r32/s1", frame)));
      }
      int largestBatch = 0;
      for (Future<Reply> future : replies) {
        Reply reply = future.get(60, TimeUnit.SECONDS);
        assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
        largestBatch = Math.max(largestBatch, reply.body().get("serverBatchSize").asInt());
      }
      System.out.println("largest server batch of 8 concurrent offloads: " + largestBatch);
      // With a 150 ms max delay, tensors that reach the server together run as one call.
      assertThat(largestBatch).isGreaterThan(1);
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void theServerTierRefusesTensorsWithoutTheTierSecretAndNeverLogsIt(CapturedOutput output)
      throws Exception {
    String type = "application/vnd.infer-edge.tensor";
    byte[] body = new byte[16 * 16 * 12 * 4];
    Map<String, String> tensorHeaders =
        Map.of("X-Tensor-Shape", "1,16,16,12", "X-Tensor-Dtype", "float32");

    var missing = new HashMap<>(tensorHeaders);
    missing.put("X-Tier-Secret", null);
    Reply withoutSecret = tensor("model=small&cut=1", missing, type, body);
    assertProblem(withoutSecret, 401, null);
    assertThat(withoutSecret.body().get("detail").asString()).contains("X-Tier-Secret");

    var wrong = new HashMap<>(tensorHeaders);
    wrong.put("X-Tier-Secret", TIER_SECRET + "x");
    assertProblem(tensor("model=small&cut=1", wrong, type, body), 401, null);

    // The device tier sends the secret: a split plan runs end to end.
    Reply split = infer(device, "small/c2/r32/s1", 3);
    assertThat(split.status()).as("%s", split.body()).isEqualTo(200);

    assertThat(output.getAll()).doesNotContain(TIER_SECRET);
  }

  @Test
  void theServerTierNamesTheFieldOfEveryBadTensor() throws Exception {
    String type = "application/vnd.infer-edge.tensor";
    byte[] body = new byte[16 * 16 * 12 * 4];
    Map<String, String> good = Map.of("X-Tensor-Shape", "1,16,16,12", "X-Tensor-Dtype", "float32");

    Reply ok = tensor("model=small&cut=1", good, type, body);
    assertThat(ok.status()).as("%s", ok.body()).isEqualTo(200);
    assertThat(ok.body().get("probabilities")).hasSize(10);
    assertThat(ok.body().get("batchSize").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(ok.body().has("serverQueueMicros")).isTrue();
    assertThat(ok.body().get("serverComputeMicros").asLong()).isPositive();

    assertProblem(
        tensor(
            "model=small&cut=1",
            Map.of("X-Tensor-Shape", "1,16,16,13", "X-Tensor-Dtype", "float32"),
            type,
            new byte[16 * 16 * 13 * 4]),
        422,
        "X-Tensor-Shape");
    assertProblem(
        tensor(
            "model=small&cut=1",
            Map.of("X-Tensor-Shape", "2,16,16,12", "X-Tensor-Dtype", "float32"),
            type,
            new byte[2 * 16 * 16 * 12 * 4]),
        422,
        "X-Tensor-Shape");
    assertProblem(
        tensor(
            "model=small&cut=1",
            Map.of("X-Tensor-Shape", "1,16,x", "X-Tensor-Dtype", "float32"),
            type,
            body),
        400,
        "X-Tensor-Shape");
    assertProblem(
        tensor(
            "model=small&cut=1",
            Map.of("X-Tensor-Shape", "1,16,16,12", "X-Tensor-Dtype", "float16"),
            type,
            body),
        400,
        "X-Tensor-Dtype");
    assertProblem(
        tensor("model=small&cut=1", Map.of("X-Tensor-Shape", "1,16,16,12"), type, body),
        400,
        "X-Tensor-Dtype");
    assertProblem(tensor("model=small&cut=1", good, type, new byte[100]), 400, "body");
    assertProblem(
        tensor(
            "model=small&cut=1",
            Map.of("X-Tensor-Shape", "1,16,16,12", "X-Tensor-Dtype", "int8"),
            type,
            new byte[16 * 16 * 12]),
        400,
        "X-Tensor-Scale");
    assertProblem(
        tensor(
            "model=small&cut=1",
            Map.of(
                "X-Tensor-Shape", "1,16,16,12", "X-Tensor-Dtype", "int8", "X-Tensor-Scale", "-1"),
            type,
            new byte[16 * 16 * 12]),
        400,
        "X-Tensor-Scale");
    assertProblem(tensor("model=huge&cut=1", good, type, body), 422, "model");
    assertProblem(tensor("model=small&cut=4", good, type, body), 422, "cut");
    assertProblem(
        tensor("model=small&cut=1", good, "application/octet-stream", body), 415, "Content-Type");

    Reply int8 =
        tensor(
            "model=small&cut=1",
            Map.of(
                "X-Tensor-Shape", "1,16,16,12", "X-Tensor-Dtype", "int8", "X-Tensor-Scale", "0.01"),
            type,
            new byte[16 * 16 * 12]);
    assertThat(int8.status()).as("%s", int8.body()).isEqualTo(200);
  }

  @Test
  void eachTierRefusesTheOthersRequestsWith409() throws Exception {
    Reply frameToServer = infer(server, "small/c4/r32/s1", 0);
    assertThat(frameToServer.status()).isEqualTo(409);
    assertThat(frameToServer.body().get("detail").asString()).contains("server tier");
    // Naming the server tier in the detail is not the typed server-tier failure.
    // (about:blank, which Spring leaves out of the body)
    assertThat(frameToServer.body().has("type")).isFalse();
    assertThat(frameToServer.body().has(ProblemTypes.FAILED_TIER)).isFalse();

    HttpRequest tensorToDevice =
        HttpRequest.newBuilder(
                URI.create(
                    "http://localhost:" + port(device) + "/api/v1/tensors?model=small&cut=1"))
            .header("Content-Type", "application/vnd.infer-edge.tensor")
            .header("X-Tensor-Shape", "1,16,16,12")
            .header("X-Tensor-Dtype", "float32")
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[16 * 16 * 12 * 4]))
            .build();
    Reply reply = send(tensorToDevice);
    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.body().get("detail").asString()).contains("device tier");
  }

  @Test
  void onlyTheDeviceTierSamplesPower() {
    assertThat(device.containsBean("powerSampling")).isTrue();
    assertThat(server.containsBean("powerSampling")).isFalse();
  }

  @Test
  void aSlowThenAbsentServerTierIsA504ThenA503WithinTheTimeout() throws Exception {
    Reply slow = infer(stubbedDevice, "small/c2/r32/s1", 0);
    assertProblem(slow, 504, null);
    assertServerTierFailed(slow);
    assertThat(slow.body().get("detail").asString()).contains("server tier").contains("500 ms");
    // the 500 ms time-out, plus the device's own work, well before the stub's 30 s
    assertThat(slow.millis()).isLessThan(5_000);

    stub.stop(0);
    STUB_RELEASE.countDown();
    Reply down = infer(stubbedDevice, "small/c2/r32/s1", 0);
    assertProblem(down, 503, null);
    assertServerTierFailed(down);
    assertThat(down.body().get("detail").asString())
        .contains("server tier")
        .contains("unreachable");
    assertThat(down.millis()).isLessThan(5_000);
  }

  /** The typed problem the gateway acts on: its type URI and the failed tier. */
  private static void assertServerTierFailed(Reply reply) {
    assertThat(reply.body().get("type").asString())
        .isEqualTo(ProblemTypes.SERVER_TIER_FAILED.toString());
    assertThat(reply.body().get(ProblemTypes.FAILED_TIER).asString()).isEqualTo("server");
  }

  private static void assertProblem(Reply reply, int status, String field) {
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(status);
    assertThat(reply.body().get("status").asInt()).isEqualTo(status);
    if (field != null) {
      assertThat(reply.body().get("field").asString()).as("%s", reply.body()).isEqualTo(field);
    }
  }
}
