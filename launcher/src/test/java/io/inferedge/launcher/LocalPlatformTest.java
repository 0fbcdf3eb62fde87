package io.inferedge.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inferedge.modelzoo.FashionMnist;
import io.inferedge.modelzoo.Frame;
import io.inferedge.modelzoo.FrameSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The walking skeleton for real: the local launcher starts a KRaft Kafka, an embedded PostgreSQL
 * and the four services from their runnable jars; a frame posted to the gateway is decided by
 * policy-service, classified by inference-service with the real TensorFlow model, published to
 * Kafka, stored by telemetry-service in PostgreSQL and read back through the gateway's proxy route.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalPlatformTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dataDir;
  private LocalPlatform platform;

  @BeforeAll
  void start() throws Exception {
    platform = LocalPlatform.start(new LocalPlatform.Settings(Path.of(".."), dataDir, freePorts()));
  }

  @AfterAll
  void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void everyServiceReportsHealthUp() throws Exception {
    assertThat(platform.serviceUris())
        .containsOnlyKeys(
            "inference-server",
            "inference-service",
            "telemetry-service",
            "policy-service",
            "gateway");
    for (URI base : platform.serviceUris().values()) {
      HttpResponse<String> health = get(base.resolve("/actuator/health"));
      assertThat(health.statusCode()).as("%s health", base).isEqualTo(200);
      JsonNode body = JSON.readTree(health.body());
      assertThat(body.path("status").asString()).isEqualTo("UP");
    }
  }

  @Test
  void aFramePostedToTheGatewayBecomesARowInPostgresqlViaKafka() throws Exception {
    Frame frame = new FrameSource(FashionMnist.testSubset(), 7L).next();
    String stream = "it-cam-1";
    // policy-service activates its bootstrap policy at start and publishes it; once the gateway
    // holds that actor, it decides in-process.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> get(platform.gatewayUri().resolve("/api/v1/gateway/policy")).statusCode(),
            status -> status == 200);

    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    platform
                        .gatewayUri()
                        .resolve(
                            "/api/v1/streams/" + stream + "/frames?groundTruth=" + frame.label()))
                .header("Content-Type", "image/png")
                .header("X-API-Key", platform.secrets().apiKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(frame.toPng()))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.path("label").asInt(-1)).isBetween(0, 9);
    assertThat(answer.path("policySource").asString()).isEqualTo("in-process");
    String configId = answer.path("configId").asString();
    assertThat(configId).matches("(nano|small|medium|large)/c\\d/r\\d{2}/s[124]");
    String eventId = answer.path("inferenceEventId").asString();
    assertThat(eventId).isNotBlank();

    URI telemetry =
        platform.gatewayUri().resolve("/api/v1/telemetry/inferences?streamId=" + stream);
    JsonNode page =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () -> JSON.readTree(get(telemetry).body()),
                p -> p.path("totalElements").asLong() == 1);
    JsonNode row = page.path("content").get(0);
    assertThat(row.path("eventId").asString()).isEqualTo(eventId);
    assertThat(row.path("predictedLabel").asInt()).isEqualTo(answer.path("label").asInt());
    assertThat(row.path("groundTruthLabel").asInt()).isEqualTo(frame.label());

    try (var connection = platform.platformDatabase().getConnection();
        var query =
            connection.prepareStatement(
                "SELECT stream_id, config_id FROM telemetry.inference WHERE event_id = ?::uuid")) {
      query.setString(1, eventId);
      var rows = query.executeQuery();
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString("stream_id")).isEqualTo(stream);
      assertThat(rows.getString("config_id")).isEqualTo(configId);
    }

    JsonNode decisions =
        JSON.readTree(
            get(platform.gatewayUri().resolve("/api/v1/streams/" + stream + "/decisions")).body());
    assertThat(decisions.toString()).contains(configId).contains("in-process");
  }

  @Test
  void theDeviceTierOffloadsASplitPlanToTheServerTierOverLoopback() throws Exception {
    Frame frame = new FrameSource(FashionMnist.testSubset(), 11L).next();
    URI device = platform.serviceUris().get("inference-service");

    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    device.resolve(
                        "/api/v1/inferences?streamId=it-split&frameSeq=1&plan=small/c2/r48/s1"
                            + "&groundTruth="
                            + frame.label()))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(frame.pixels()))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(response.body());
    // small's block-2 activation at 48 px: 12 x 12 x 24 float32
    assertThat(answer.path("bytesSent").asLong()).isEqualTo(12 * 12 * 24 * 4);
    JsonNode latency = answer.path("latency");
    assertThat(latency.path("serverComputeMicros").asLong()).isPositive();
    assertThat(latency.path("transferMicros").asLong()).isPositive();
    assertThat(latency.path("deviceComputeMicros").asLong()).isPositive();
    assertThat(answer.path("serverBatchSize").asInt()).isPositive();
  }

  @Test
  void theDemoClientMeasuresAccuracyAgainstGroundTruth() throws Exception {
    DemoClient client =
        new DemoClient(
            platform.gatewayUri(),
            platform.serviceUris().get("inference-service"),
            platform.secrets().apiKey());
    DemoClient.Camera camera = new DemoClient.Camera("it-demo", "latency-first", 7L);
    client.register(camera);
    client.register(camera); // again: an existing stream is updated, not refused

    DemoClient.Run adaptive = client.run("adaptive", List.of(camera), 20, 0, null);
    DemoClient.Run fixed = client.run("static", List.of(camera), 20, 0, "medium/c5/r48/s1");

    for (DemoClient.Run run : List.of(adaptive, fixed)) {
      DemoClient.Summary summary = run.streams().get(0);
      assertThat(summary.failures()).isEmpty();
      assertThat(summary.answered()).isEqualTo(20);
      assertThat(summary.p95Millis()).isGreaterThanOrEqualTo(summary.meanMillis() * 0.5);
      // The skeleton's model is far better than chance (10 %) on frames from the test split.
      assertThat(summary.accuracy()).isGreaterThan(0.3);
      assertThat(run.render()).contains("20 answered").contains("0- 10 s");
    }
    assertThat(fixed.streams().get(0).plans()).containsOnlyKeys("medium/c5/r48/s1");
    assertThat(fixed.streams().get(0).reusedShare()).isZero();
    // the probe reached the device tier's trace-driven link at least once (it starts with the run)
    assertThat(adaptive.link()).isNotEmpty();
    assertThat(LocalMode.compare(adaptive, fixed)).contains("it-demo");
  }

  @Test
  void keysAreRequiredWhereTheyShouldBeAndNeverLogged() throws Exception {
    LocalSecrets secrets = platform.secrets();
    URI gateway = platform.gatewayUri();
    HttpResponse<String> anonymous =
        get(gateway.resolve("/api/v1/telemetry/inferences?streamId=x"), null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    for (URI base : platform.serviceUris().values()) {
      URI prometheus = base.resolve("/actuator/prometheus");
      assertThat(get(prometheus, null).statusCode()).as("%s", prometheus).isEqualTo(401);
      assertThat(get(prometheus, secrets.adminKey()).statusCode())
          .as("%s", prometheus)
          .isEqualTo(200);
      assertThat(get(base.resolve("/actuator/health/liveness"), null).statusCode()).isEqualTo(200);
    }

    try (var logs = Files.list(dataDir.resolve("logs"))) {
      for (Path log : logs.toList()) {
        String text = Files.readString(log);
        assertThat(text)
            .as("%s", log)
            .doesNotContain(secrets.adminKey())
            .doesNotContain(secrets.apiKey())
            .doesNotContain(secrets.tierSecret());
      }
    }
  }

  @Test
  void badInputGetsAProblemBodyFromTheGateway() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(platform.gatewayUri().resolve("/api/v1/streams/cam-1/frames"))
                .header("Content-Type", "image/png")
                .header("X-API-Key", platform.secrets().apiKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray("not an image".getBytes()))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(response.body()).path("field").asString()).isEqualTo("body");
  }

  /** A GET with the run's API key (the gateway needs it; the other services ignore it). */
  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return get(uri, platform.secrets().apiKey());
  }

  private static HttpResponse<String> get(URI uri, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static LocalPlatform.Ports freePorts() throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        sockets.add(new ServerSocket(0));
      }
      return new LocalPlatform.Ports(
          sockets.get(0).getLocalPort(),
          sockets.get(1).getLocalPort(),
          sockets.get(2).getLocalPort(),
          sockets.get(3).getLocalPort(),
          sockets.get(4).getLocalPort(),
          sockets.get(5).getLocalPort(),
          sockets.get(6).getLocalPort(),
          sockets.get(7).getLocalPort());
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }
}
