package io.inferedge.telemetry.query;

import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.inferedge.telemetry.IntegrationTest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The aggregate API over outcomes stored in a window of 2030 that no other test writes to. Every
 * expected figure is worked out from the rows in {@link #outcomes()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryApiTest extends IntegrationTest {

  static final String FROM = "2030-01-01T00:00:00Z";
  static final String TO = "2030-01-01T01:00:00Z";

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;

  private void outcome(
      String at,
      String stream,
      String device,
      String model,
      int cut,
      int resolution,
      String link,
      long latencyMicros,
      Boolean correct,
      double energy,
      String source) {
    jdbc.sql(
            """
            INSERT INTO outcome (inference_event_id, event_id, occurred_at, recorded_at, stream_id,
              frame_seq, device_id, config_id, model_version, cut_point, input_resolution,
              frame_skip, link_profile, latency_micros, correct, compute_energy_mj,
              compute_source, radio_energy_mj, device_energy_mj, energy_source, coverage)
            VALUES (:id, :eventId, :at, :at, :stream, 0, :device, :config, :model, :cut, :res, 1,
              :link, :latency, :correct, :energy, :source, 0, :energy, :source, 'SAMPLED')
            """)
        .param("id", UUID.randomUUID())
        .param("eventId", UUID.randomUUID())
        .param("at", Instant.parse(at).atOffset(ZoneOffset.UTC))
        .param("stream", stream)
        .param("device", device)
        .param("config", model + "/c" + cut + "/r" + resolution + "/s1")
        .param("model", model)
        .param("cut", cut)
        .param("res", resolution)
        .param("link", link)
        .param("latency", latencyMicros)
        .param("correct", correct, java.sql.Types.BOOLEAN)
        .param("energy", energy)
        .param("source", source)
        .update();
  }

  @BeforeAll
  void outcomes() {
    // nano/c3/r64/s1 on q-cam-1, q-dev-1, wifi-20: latencies 10, 20, 30, 40 ms; correct, correct,
    // wrong, unknown; 100, 200, 300, 400 mJ, all measured.
    //   p50 = 20 ms, p95 = 40 ms (observed values); accuracy 2/3; 250 mJ per frame; 1.0 J total;
    //   correct per joule = 2 / (0.1 + 0.2 + 0.3 J) = 3.333.
    outcome(
        "2030-01-01T00:01:00Z",
        "q-cam-1",
        "q-dev-1",
        "nano",
        3,
        64,
        "wifi-20",
        10_000,
        true,
        100,
        "MEASURED");
    outcome(
        "2030-01-01T00:02:00Z",
        "q-cam-1",
        "q-dev-1",
        "nano",
        3,
        64,
        "wifi-20",
        20_000,
        true,
        200,
        "MEASURED");
    outcome(
        "2030-01-01T00:15:00Z",
        "q-cam-1",
        "q-dev-1",
        "nano",
        3,
        64,
        "wifi-20",
        30_000,
        false,
        300,
        "MEASURED");
    outcome(
        "2030-01-01T00:16:00Z",
        "q-cam-1",
        "q-dev-1",
        "nano",
        3,
        64,
        "wifi-20",
        40_000,
        null,
        400,
        "MEASURED");
    // small/c2/r48/s1 on q-cam-2, q-dev-2, lte-8: 50 and 70 ms, both correct, 500 mJ measured and
    // 700 mJ emulated: p50 50 ms, p95 70 ms, accuracy 1, 600 mJ per frame, 2 / 1.2 J = 1.667,
    // MIXED.
    outcome(
        "2030-01-01T00:30:00Z",
        "q-cam-2",
        "q-dev-2",
        "small",
        2,
        48,
        "lte-8",
        50_000,
        true,
        500,
        "MEASURED");
    outcome(
        "2030-01-01T00:31:00Z",
        "q-cam-2",
        "q-dev-2",
        "small",
        2,
        48,
        "lte-8",
        70_000,
        true,
        700,
        "EMULATED");
    // Outside the window.
    outcome(
        "2030-01-01T02:00:00Z",
        "q-cam-1",
        "q-dev-1",
        "nano",
        3,
        64,
        "wifi-20",
        99_000,
        false,
        9_999,
        "MEASURED");
  }

  private ResultActions ok(RequestBuilder request) throws Exception {
    return mvc.perform(request).andExpect(status().isOk());
  }

  private ResultActions problem(RequestBuilder request, int status, String field) throws Exception {
    return mvc.perform(request)
        .andExpect(status().is(status))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.field").value(field));
  }

  @Test
  void profilesEveryConfigurationWithLatencyAccuracyAndEnergy() throws Exception {
    ok(get("/api/v1/profiles").param("from", FROM).param("to", TO))
        .andExpect(jsonPath("$.from").value(FROM))
        .andExpect(jsonPath("$.to").value(TO))
        .andExpect(jsonPath("$.totalElements").value(2))
        .andExpect(jsonPath("$.content[0].configId").value("nano/c3/r64/s1"))
        .andExpect(jsonPath("$.content[0].plan.modelVersion").value("nano"))
        .andExpect(jsonPath("$.content[0].plan.inputResolution").value(64))
        .andExpect(jsonPath("$.content[0].stats.frames").value(4))
        .andExpect(jsonPath("$.content[0].stats.latencyP50Micros").value(20_000))
        .andExpect(jsonPath("$.content[0].stats.latencyP95Micros").value(40_000))
        .andExpect(jsonPath("$.content[0].stats.latencyMeanMicros").value(25_000.0))
        .andExpect(jsonPath("$.content[0].stats.labelledFrames").value(3))
        .andExpect(jsonPath("$.content[0].stats.accuracy").value(closeTo(2.0 / 3, 1e-9)))
        .andExpect(jsonPath("$.content[0].stats.energyPerFrameMillijoules").value(250.0))
        .andExpect(jsonPath("$.content[0].stats.totalEnergyJoules").value(closeTo(1.0, 1e-9)))
        .andExpect(
            jsonPath("$.content[0].stats.correctFramesPerJoule").value(closeTo(10.0 / 3, 1e-9)))
        .andExpect(jsonPath("$.content[0].stats.energySource").value("MEASURED"))
        .andExpect(jsonPath("$.content[1].configId").value("small/c2/r48/s1"))
        .andExpect(jsonPath("$.content[1].stats.frames").value(2))
        .andExpect(jsonPath("$.content[1].stats.latencyP50Micros").value(50_000))
        .andExpect(jsonPath("$.content[1].stats.latencyP95Micros").value(70_000))
        .andExpect(jsonPath("$.content[1].stats.accuracy").value(1.0))
        .andExpect(jsonPath("$.content[1].stats.energyPerFrameMillijoules").value(600.0))
        .andExpect(
            jsonPath("$.content[1].stats.correctFramesPerJoule").value(closeTo(2 / 1.2, 1e-9)))
        .andExpect(jsonPath("$.content[1].stats.measuredFrames").value(1))
        .andExpect(jsonPath("$.content[1].stats.energySource").value("MIXED"));
  }

  @Test
  void profilesFilterByStreamDeviceModelAndLink() throws Exception {
    for (String[] filter :
        new String[][] {
          {"streamId", "q-cam-2", "small/c2/r48/s1"},
          {"deviceId", "q-dev-1", "nano/c3/r64/s1"},
          {"modelVersion", "small", "small/c2/r48/s1"},
          {"link", "wifi-20", "nano/c3/r64/s1"}
        }) {
      ok(get("/api/v1/profiles").param("from", FROM).param("to", TO).param(filter[0], filter[1]))
          .andExpect(jsonPath("$.totalElements").value(1))
          .andExpect(jsonPath("$.content[0].configId").value(filter[2]));
    }
    ok(get("/api/v1/profiles")
            .param("from", FROM)
            .param("to", TO)
            .param("link", "lte-8")
            .param("deviceId", "q-dev-1"))
        .andExpect(jsonPath("$.totalElements").value(0))
        .andExpect(jsonPath("$.content.length()").value(0));
  }

  @Test
  void profilesArePaged() throws Exception {
    ok(get("/api/v1/profiles")
            .param("from", FROM)
            .param("to", TO)
            .param("size", "1")
            .param("page", "1"))
        .andExpect(jsonPath("$.page").value(1))
        .andExpect(jsonPath("$.size").value(1))
        .andExpect(jsonPath("$.totalElements").value(2))
        .andExpect(jsonPath("$.content.length()").value(1))
        .andExpect(jsonPath("$.content[0].configId").value("small/c2/r48/s1"));
  }

  @Test
  void summarisesEachStream() throws Exception {
    ok(get("/api/v1/streams").param("from", FROM).param("to", TO))
        .andExpect(jsonPath("$.totalElements").value(2))
        .andExpect(jsonPath("$.content[0].streamId").value("q-cam-1"))
        .andExpect(jsonPath("$.content[0].stats.frames").value(4))
        .andExpect(jsonPath("$.content[0].configurations").value(1))
        .andExpect(jsonPath("$.content[0].firstFrameAt").value("2030-01-01T00:01:00Z"))
        .andExpect(jsonPath("$.content[0].lastFrameAt").value("2030-01-01T00:16:00Z"))
        .andExpect(jsonPath("$.content[1].streamId").value("q-cam-2"))
        .andExpect(jsonPath("$.content[1].stats.totalEnergyJoules").value(closeTo(1.2, 1e-9)));
    ok(get("/api/v1/streams").param("from", FROM).param("to", TO).param("deviceId", "q-dev-2"))
        .andExpect(jsonPath("$.totalElements").value(1))
        .andExpect(jsonPath("$.content[0].streamId").value("q-cam-2"));
  }

  @Test
  void summarisesOneStreamWithinTheWindowOnly() throws Exception {
    ok(get("/api/v1/streams/q-cam-1").param("from", FROM).param("to", TO))
        .andExpect(jsonPath("$.streamId").value("q-cam-1"))
        .andExpect(jsonPath("$.stats.frames").value(4))
        .andExpect(jsonPath("$.stats.latencyP95Micros").value(40_000));
    ok(get("/api/v1/streams/q-cam-1").param("from", FROM).param("to", "2030-01-01T03:00:00Z"))
        .andExpect(jsonPath("$.stats.frames").value(5));
    ok(get("/api/v1/streams/nobody").param("from", FROM).param("to", TO))
        .andExpect(jsonPath("$.stats.frames").value(0))
        .andExpect(jsonPath("$.stats.accuracy").isEmpty())
        .andExpect(jsonPath("$.stats.energySource").isEmpty());
  }

  @Test
  void seriesOfAStreamInBuckets() throws Exception {
    // Frames at 00:01 and 00:02 fall in the bucket from 00:00, 00:15 and 00:16 in the one from
    // 00:10.
    ok(get("/api/v1/streams/q-cam-1/series")
            .param("from", FROM)
            .param("to", TO)
            .param("bucket", "10m"))
        .andExpect(jsonPath("$.totalElements").value(2))
        .andExpect(jsonPath("$.content[0].start").value("2030-01-01T00:00:00Z"))
        .andExpect(jsonPath("$.content[0].stats.frames").value(2))
        .andExpect(jsonPath("$.content[0].stats.accuracy").value(1.0))
        .andExpect(jsonPath("$.content[0].stats.energyPerFrameMillijoules").value(150.0))
        .andExpect(jsonPath("$.content[1].start").value("2030-01-01T00:10:00Z"))
        .andExpect(jsonPath("$.content[1].stats.frames").value(2))
        .andExpect(jsonPath("$.content[1].stats.accuracy").value(0.0));
    // Buckets are aligned to the epoch, not to the window: from 00:05, the frames at 00:15 and
    // 00:16 are in the bucket that starts at 00:10.
    ok(get("/api/v1/streams/q-cam-1/series")
            .param("from", "2030-01-01T00:05:00Z")
            .param("to", TO)
            .param("bucket", "10m"))
        .andExpect(jsonPath("$.totalElements").value(1))
        .andExpect(jsonPath("$.content[0].start").value("2030-01-01T00:10:00Z"))
        .andExpect(jsonPath("$.content[0].stats.frames").value(2));
    ok(get("/api/v1/streams/q-cam-1/series")
            .param("from", FROM)
            .param("to", TO)
            .param("bucket", "PT30M")
            .param("size", "1"))
        .andExpect(jsonPath("$.totalElements").value(1))
        .andExpect(jsonPath("$.content[0].stats.frames").value(4));
  }

  @Test
  void badParametersAreProblemsNamingTheField() throws Exception {
    problem(get("/api/v1/profiles").param("from", TO).param("to", FROM), 400, "from")
        .andExpect(jsonPath("$.detail").value(containsString("before")));
    problem(get("/api/v1/profiles").param("from", "yesterday"), 400, "from");
    problem(
        get("/api/v1/profiles").param("from", "2029-01-01T00:00:00Z").param("to", TO), 400, "from");
    problem(get("/api/v1/profiles").param("streamId", "cam 1;drop"), 400, "streamId");
    problem(get("/api/v1/profiles").param("modelVersion", "Big"), 400, "modelVersion");
    problem(get("/api/v1/profiles").param("link", "wifi/20"), 400, "link");
    problem(get("/api/v1/profiles").param("size", "501"), 400, "size");
    problem(get("/api/v1/profiles").param("page", "-1"), 400, "page");
    problem(get("/api/v1/streams").param("deviceId", "-x"), 400, "deviceId");
    problem(get("/api/v1/streams/q-cam-1/series").param("bucket", "often"), 400, "bucket");
    problem(get("/api/v1/streams/q-cam-1/series").param("bucket", "500ms"), 400, "bucket");
    problem(
            get("/api/v1/streams/q-cam-1/series")
                .param("from", "2030-01-01T00:00:00Z")
                .param("to", "2030-01-20T00:00:00Z")
                .param("bucket", "1s"),
            400,
            "bucket")
        .andExpect(jsonPath("$.detail").value(containsString("10000")));
    problem(get("/api/v1/streams/bad%20id"), 400, "streamId");
  }
}
