package io.inferedge.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.inferedge.contracts.StreamRequirements;
import io.inferedge.policy.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;

/** {@code /api/v1/decisions} over the real database, and the service's readiness. */
class DecisionApiTest extends IntegrationTest {

  @Autowired MockMvc mvc;
  @Autowired DecisionLog log;

  @Test
  void decidesTheDefaultPlanForBalancedRequirementsAndLogsIt() throws Exception {
    mvc.perform(decide("{\"streamId\":\"api-default\"}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.decisionId").isNotEmpty())
        .andExpect(jsonPath("$.streamId").value("api-default"))
        .andExpect(jsonPath("$.plan.modelVersion").value("nano"))
        .andExpect(jsonPath("$.plan.cutPoint").value(3))
        .andExpect(jsonPath("$.plan.inputResolution").value(64))
        .andExpect(jsonPath("$.plan.frameSkip").value(1))
        .andExpect(jsonPath("$.configId").value("nano/c3/r64/s1"))
        .andExpect(jsonPath("$.policyVersion").value("default"))
        .andExpect(jsonPath("$.decidedAt").isNotEmpty());

    var logged = log.findByStream("api-default", 0, 10);
    assertThat(logged.totalElements()).isEqualTo(1);
    assertThat(logged.content().get(0).requirements()).isEqualTo(StreamRequirements.BALANCED);
    assertThat(logged.content().get(0).configId()).isEqualTo("nano/c3/r64/s1");
  }

  @Test
  void logsTheRequirementsTheStreamAskedFor() throws Exception {
    mvc.perform(
            decide(
                """
                {"streamId":"api-req","requirements":{"latencySloMillis":250,"accuracyFloor":0.75,
                 "latencyWeight":0.2,"accuracyWeight":0.6,"energyWeight":0.2}}
                """))
        .andExpect(status().isOk());

    assertThat(log.findByStream("api-req", 0, 1).content().get(0).requirements())
        .isEqualTo(StreamRequirements.ACCURACY_FIRST);
  }

  @Test
  void listsAStreamsDecisionsNewestFirst() throws Exception {
    String first = decisionId("api-list");
    String second = decisionId("api-list");
    decisionId("api-list-other");

    mvc.perform(get("/api/v1/decisions").param("streamId", "api-list").param("size", "1"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.totalElements").value(2))
        .andExpect(jsonPath("$.page").value(0))
        .andExpect(jsonPath("$.size").value(1))
        .andExpect(jsonPath("$.content[0].decisionId").value(second))
        .andExpect(jsonPath("$.content[0].requirements.latencySloMillis").value(150));
    mvc.perform(
            get("/api/v1/decisions")
                .param("streamId", "api-list")
                .param("page", "1")
                .param("size", "1"))
        .andExpect(jsonPath("$.content[0].decisionId").value(first));
  }

  @Test
  void aWeightOutOfRangeIs400NamingIt() throws Exception {
    expectProblem(
            decide(
                """
                {"streamId":"cam-1","requirements":{"latencySloMillis":100,"accuracyFloor":0,
                 "latencyWeight":1.5,"accuracyWeight":-0.25,"energyWeight":-0.25}}
                """),
            400,
            "requirements.latencyWeight")
        .andExpect(jsonPath("$.detail").value(containsString("latencyWeight must be in [0, 1]")));
  }

  @Test
  void weightsThatDoNotSumToOneAre400() throws Exception {
    expectProblem(
        decide(
            """
            {"streamId":"cam-1","requirements":{"latencySloMillis":100,"accuracyFloor":0,
             "latencyWeight":0.5,"accuracyWeight":0.5,"energyWeight":0.5}}
            """),
        400,
        "requirements");
  }

  @Test
  void aMissingRequirementFieldIs400NamingIt() throws Exception {
    expectProblem(
        decide(
            """
            {"streamId":"cam-1","requirements":{"latencySloMillis":100,"accuracyFloor":0,
             "latencyWeight":0.5,"accuracyWeight":0.5}}
            """),
        400,
        "requirements.energyWeight");
  }

  @Test
  void aMissingOrMalformedStreamIdIs400() throws Exception {
    expectProblem(decide("{}"), 400, "streamId");
    expectProblem(decide("{\"streamId\":\"cam 1/../x\"}"), 400, "streamId");
    expectProblem(get("/api/v1/decisions"), 400, "streamId");
  }

  @Test
  void aPageOrSizeOutOfRangeIs400() throws Exception {
    expectProblem(get("/api/v1/decisions").param("streamId", "c").param("page", "-1"), 400, "page");
    expectProblem(get("/api/v1/decisions").param("streamId", "c").param("size", "0"), 400, "size");
    expectProblem(
        get("/api/v1/decisions").param("streamId", "c").param("size", "501"), 400, "size");
  }

  @Test
  void aStateWithAMissingOrOutOfRangeFieldIs400NamingIt() throws Exception {
    expectProblem(decide(withState("\"rttMs\":12,\"serverLoad\":0.3")), 400, "state.bandwidthMbps");
    expectProblem(
        decide(withState("\"bandwidthMbps\":5,\"rttMs\":12,\"serverLoad\":1.5")),
        400,
        "state.serverLoad");
    expectProblem(
        decide(withState("\"bandwidthMbps\":-1,\"rttMs\":12,\"serverLoad\":0.3")),
        400,
        "state.bandwidthMbps");
  }

  @Test
  void anUnknownDeviceOrLastPlanIs400NamingIt() throws Exception {
    String base = "\"bandwidthMbps\":5,\"rttMs\":12,\"serverLoad\":0.3";
    expectProblem(
            decide(withState(base).replace("jetson-tx2", "raspberry-pi")), 400, "state.device")
        .andExpect(jsonPath("$.detail").value(containsString("jetson-tx2")));
    expectProblem(
        decide(withState(base + ",\"lastPlan\":\"nano/c5/r64/s1\"")), 400, "state.lastPlan");
    expectProblem(decide(withState(base + ",\"lastPlan\":\"not-a-plan\"")), 400, "state.lastPlan");
  }

  @Test
  void anUnknownRequirementProfileIs400() throws Exception {
    expectProblem(decide("{\"streamId\":\"cam-1\",\"profile\":\"speed-first\"}"), 400, "profile")
        .andExpect(jsonPath("$.detail").value(containsString("latency-first")));
    expectProblem(
        decide(
            """
            {"streamId":"cam-1","profile":"balanced","requirements":{"latencySloMillis":100,
             "accuracyFloor":0,"latencyWeight":0.5,"accuracyWeight":0.25,"energyWeight":0.25}}
            """),
        400,
        "profile");
  }

  @Test
  void aNamedProfileIsLoggedAsItsRequirements() throws Exception {
    mvc.perform(decide("{\"streamId\":\"api-named\",\"profile\":\"energy-first\"}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.policyVersion").value("default"))
        .andExpect(jsonPath("$.probabilities").doesNotExist());
    assertThat(log.findByStream("api-named", 0, 1).content().get(0).requirements())
        .isEqualTo(StreamRequirements.ENERGY_FIRST);
  }

  /** A decision request with a state made of {@code fields} plus device, cut rate and motion. */
  private static String withState(String fields) {
    return "{\"streamId\":\"cam-s\",\"state\":{"
        + fields
        + ",\"device\":\"jetson-tx2\",\"sceneCutsPerSecond\":0.2,\"motion\":0.3}}";
  }

  @Test
  void readinessIncludesKafkaAndTheDatabase() throws Exception {
    mvc.perform(get("/actuator/health/readiness"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("UP"))
        .andExpect(jsonPath("$.components.kafka.status").value("UP"))
        .andExpect(jsonPath("$.components.db.status").value("UP"));
  }

  private String decisionId(String streamId) throws Exception {
    String body =
        mvc.perform(decide("{\"streamId\":\"" + streamId + "\"}"))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    return com.jayway.jsonpath.JsonPath.read(body, "$.decisionId");
  }

  private static RequestBuilder decide(String json) {
    return post("/api/v1/decisions").contentType(MediaType.APPLICATION_JSON).content(json);
  }

  private ResultActions expectProblem(RequestBuilder request, int status, String field)
      throws Exception {
    return mvc.perform(request)
        .andExpect(status().is(status))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(status))
        .andExpect(jsonPath("$.field").value(field));
  }
}
