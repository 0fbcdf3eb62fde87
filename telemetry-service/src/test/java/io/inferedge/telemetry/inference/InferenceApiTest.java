package io.inferedge.telemetry.inference;

import static io.inferedge.telemetry.inference.InferenceSamples.inference;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.telemetry.IntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** {@code /api/v1/inferences} over the real database, and the service's readiness. */
class InferenceApiTest extends IntegrationTest {

  @Autowired MockMvc mvc;
  @Autowired InferenceRepository repository;

  @Test
  void listsAStreamNewestFirstWithPlanAndCorrectness() throws Exception {
    InferenceCompleted older = inference(UUID.randomUUID(), "api-list", 1, 3);
    InferenceCompleted newer = inference(UUID.randomUUID(), "api-list", 2, 0);
    repository.storeAll(List.of(older, newer, inference("api-list-other", 3)));

    mvc.perform(get("/api/v1/inferences").param("streamId", "api-list").param("size", "1"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.page").value(0))
        .andExpect(jsonPath("$.size").value(1))
        .andExpect(jsonPath("$.totalElements").value(2))
        .andExpect(jsonPath("$.content.length()").value(1))
        .andExpect(jsonPath("$.content[0].eventId").value(newer.eventId().toString()))
        .andExpect(jsonPath("$.content[0].streamId").value("api-list"))
        .andExpect(jsonPath("$.content[0].frameSeq").value(2))
        .andExpect(jsonPath("$.content[0].plan.modelVersion").value("small"))
        .andExpect(jsonPath("$.content[0].plan.cutPoint").value(2))
        .andExpect(jsonPath("$.content[0].plan.inputResolution").value(48))
        .andExpect(jsonPath("$.content[0].plan.frameSkip").value(1))
        .andExpect(jsonPath("$.content[0].configId").value("small/c2/r48/s1"))
        .andExpect(jsonPath("$.content[0].groundTruthLabel").value(0))
        .andExpect(jsonPath("$.content[0].correct").value(false))
        .andExpect(jsonPath("$.content[0].scores.length()").value(10))
        .andExpect(jsonPath("$.content[0].totalLatencyMicros").value(26_300))
        .andExpect(jsonPath("$.content[0].occurredAt").value(newer.occurredAt().toString()));

    mvc.perform(
            get("/api/v1/inferences")
                .param("streamId", "api-list")
                .param("page", "1")
                .param("size", "1"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.content[0].eventId").value(older.eventId().toString()))
        .andExpect(jsonPath("$.content[0].correct").value(true));
  }

  @Test
  void showsTheWholeLatencyBreakdownWithServerQueueTimeAndTheDeviceProfile() throws Exception {
    InferenceCompleted split = InferenceSamples.splitInference("api-tiers", 2);
    InferenceCompleted older = inference(UUID.randomUUID(), "api-tiers", 1, 3);
    repository.storeAll(List.of(split, older));

    mvc.perform(get("/api/v1/inferences").param("streamId", "api-tiers"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.content[0].eventId").value(split.eventId().toString()))
        .andExpect(jsonPath("$.content[0].configId").value("small/c2/r48/s1/q8"))
        .andExpect(jsonPath("$.content[0].plan.precision").value("INT8"))
        .andExpect(jsonPath("$.content[0].deviceProfile").value("jetson-nano"))
        .andExpect(jsonPath("$.content[0].linkProfile").value("wifi-20"))
        .andExpect(jsonPath("$.content[0].preprocessMicros").value(850))
        .andExpect(jsonPath("$.content[0].deviceComputeMicros").value(12_400))
        .andExpect(jsonPath("$.content[0].transferMicros").value(3_100))
        .andExpect(jsonPath("$.content[0].serverQueueMicros").value(1_250))
        .andExpect(jsonPath("$.content[0].serverComputeMicros").value(9_800))
        .andExpect(jsonPath("$.content[1].eventId").value(older.eventId().toString()))
        .andExpect(jsonPath("$.content[1].plan.precision").value("FP32"))
        .andExpect(jsonPath("$.content[1].deviceProfile").value(nullValue()))
        .andExpect(jsonPath("$.content[1].serverQueueMicros").value(nullValue()));
  }

  @Test
  void getsOneByEventId() throws Exception {
    InferenceCompleted event = inference("api-one", 1);
    repository.storeAll(List.of(event));

    mvc.perform(get("/api/v1/inferences/{id}", event.eventId()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.eventId").value(event.eventId().toString()))
        .andExpect(
            jsonPath("$.deviceComputeEndedAt").value(event.deviceComputeEndedAt().toString()));
  }

  @Test
  void anUnknownEventIdIs404() throws Exception {
    expectProblem(get("/api/v1/inferences/{id}", UUID.randomUUID()), 404, "eventId");
  }

  @Test
  void aMalformedEventIdIs400() throws Exception {
    expectProblem(get("/api/v1/inferences/not-a-uuid"), 400, "eventId");
  }

  @Test
  void aMissingStreamIdIs400() throws Exception {
    expectProblem(get("/api/v1/inferences"), 400, "streamId");
  }

  @Test
  void aMalformedStreamIdIs400() throws Exception {
    expectProblem(get("/api/v1/inferences").param("streamId", "cam 1;drop"), 400, "streamId");
  }

  @Test
  void aNegativePageIs400() throws Exception {
    expectProblem(
        get("/api/v1/inferences").param("streamId", "cam-1").param("page", "-1"), 400, "page");
  }

  @Test
  void aNonNumericPageIs400() throws Exception {
    expectProblem(
        get("/api/v1/inferences").param("streamId", "cam-1").param("page", "abc"), 400, "page");
  }

  @Test
  void aPageSizeOutOfRangeIs400() throws Exception {
    expectProblem(
        get("/api/v1/inferences").param("streamId", "cam-1").param("size", "0"), 400, "size");
    expectProblem(
            get("/api/v1/inferences").param("streamId", "cam-1").param("size", "501"), 400, "size")
        .andExpect(jsonPath("$.detail").value(containsString("500")));
  }

  @Test
  void readinessIncludesKafkaAndTheDatabase() throws Exception {
    mvc.perform(get("/actuator/health/readiness"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("UP"))
        .andExpect(jsonPath("$.components.kafka.status").value("UP"))
        .andExpect(jsonPath("$.components.db.status").value("UP"));
  }

  private ResultActions expectProblem(
      org.springframework.test.web.servlet.RequestBuilder request, int status, String field)
      throws Exception {
    return mvc.perform(request)
        .andExpect(status().is(status))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(status))
        .andExpect(jsonPath("$.field").value(field));
  }
}
