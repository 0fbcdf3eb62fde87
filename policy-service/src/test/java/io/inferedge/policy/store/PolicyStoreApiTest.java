package io.inferedge.policy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.inferedge.contracts.Topics;
import io.inferedge.policy.IntegrationTest;
import io.inferedge.policy.a2c.PolicyArtifact;
import io.inferedge.policy.decision.ActivePolicy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The policy store over the real database and broker: import, activate (decisions switch and the
 * actor is published), roll back, and the refusals (failed evaluation, corruption, bad uploads).
 * One method, because activation is global state that the steps depend on.
 */
class PolicyStoreApiTest extends IntegrationTest {

  private static final String STATE =
      """
      {"streamId":"cam-store","profile":"latency-first","state":{"bandwidthMbps":18,"rttMs":12,
       "serverLoad":0.3,"device":"jetson-tx2","sceneCutsPerSecond":0.2,"motion":0.25,
       "lastPlan":"small/c4/r32/s2","lastLatencyMs":4,"lastSloMissRate":0}}
      """;

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired ActivePolicy active;

  @Test
  void importsActivatesDecidesPublishesAndRollsBack() throws Exception {
    long first = importArtifact(TestArtifacts.random(1, true));
    long second = importArtifact(TestArtifacts.random(2, true));
    mvc.perform(get("/api/v1/policies/" + second))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.version").value(second))
        .andExpect(jsonPath("$.evaluationPassed").value(true))
        .andExpect(jsonPath("$.active").value(false))
        .andExpect(jsonPath("$.hyperParameters.learningRate").value(7e-4))
        .andExpect(jsonPath("$.checksum").isString());

    mvc.perform(post("/api/v1/policies/" + first + "/activate"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.active").value(true));
    decide().andExpect(jsonPath("$.policyVersion").value(Long.toString(first)));
    mvc.perform(post("/api/v1/policies/" + second + "/activate")).andExpect(status().isOk());
    String body =
        decide()
            .andExpect(jsonPath("$.policyVersion").value(Long.toString(second)))
            .andExpect(jsonPath("$.plan.modelVersion").isString())
            .andExpect(jsonPath("$.probabilities.model.nano").isNumber())
            .andExpect(jsonPath("$.probabilities.frameSkip.4").isNumber())
            .andReturn()
            .getResponse()
            .getContentAsString();
    // The probabilities of each head sum to 1, and the plan is each head's most probable choice.
    for (String head : new String[] {"model", "cut", "resolution", "frameSkip"}) {
      java.util.Map<String, Number> p = JsonPath.read(body, "$.probabilities." + head);
      assertThat(p.values().stream().mapToDouble(Number::doubleValue).sum())
          .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    }
    java.util.Map<String, Number> cuts = JsonPath.read(body, "$.probabilities.cut");
    String model = JsonPath.read(body, "$.plan.modelVersion");
    if (!model.equals("large")) {
      // Only large has 5 blocks: cut 5 is masked for every other model.
      assertThat(cuts.get("5").doubleValue()).isZero();
    }

    var published = awaitRecord(Topics.POLICY_PUBLISHED, Long.toString(second));
    String event = new String(published.value(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat((Integer) JsonPath.read(event, "$.policyVersion")).isEqualTo((int) second);
    assertThat((Integer) JsonPath.read(event, "$.actor[0].inputs")).isEqualTo(23);
    assertThat((String) JsonPath.read(event, "$.actionHeads[1].name")).isEqualTo("cut");

    mvc.perform(post("/api/v1/policies/rollback"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.version").value(first))
        .andExpect(jsonPath("$.active").value(true));
    decide().andExpect(jsonPath("$.policyVersion").value(Long.toString(first)));
    assertThat(active.get().orElseThrow().version()).isEqualTo(first);

    // A version that failed evaluation is never activated.
    long failed = importArtifact(TestArtifacts.random(3, false));
    problem(post("/api/v1/policies/" + failed + "/activate"), 409)
        .andExpect(
            jsonPath("$.detail")
                .value(org.hamcrest.Matchers.containsString("failed its evaluation")));

    // A corrupted stored artefact cannot be activated, and nothing changes.
    long corrupt = importArtifact(TestArtifacts.random(4, true));
    jdbc.sql(
            "UPDATE policy_version SET artifact = replace(artifact, '\"tanh\"', '\"relu\"')"
                + " WHERE version = :v")
        .param("v", corrupt)
        .update();
    problem(post("/api/v1/policies/" + corrupt + "/activate"), 409)
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("corrupt")));
    assertThat(active.get().orElseThrow().version()).isEqualTo(first);

    problem(post("/api/v1/policies/999999/activate"), 404);
  }

  @Test
  void activeVersionLiveRewardAndConsumerLagAreOnThePrometheusEndpoint() throws Exception {
    long version = importArtifact(TestArtifacts.random(5, true));
    mvc.perform(post("/api/v1/policies/" + version + "/activate")).andExpect(status().isOk());

    mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
    String scrape =
        mvc.perform(get("/actuator/prometheus").header("X-API-Key", ADMIN_KEY))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(scrape)
        .contains("policy_active_version " + (double) version)
        .containsPattern("policy_live_reward [-0-9.NaE]+")
        .containsPattern(
            "kafka_consumer_fetch_manager_records_lag_max\\{client_id=\"consumer-policy-service-");
  }

  @Test
  void refusesArtefactsThatDoNotFitTheProfile() throws Exception {
    problem(upload("{\"algorithm\": 3"), 400).andExpect(jsonPath("$.field").value("artifact"));
    PolicyArtifact good = TestArtifacts.random(5, true);
    PolicyArtifact wrongFeatures =
        new PolicyArtifact(
            good.algorithm(),
            good.profile(),
            good.stateFeatures().stream()
                .map(f -> f.equals("link.rtt") ? "link.jitter" : f)
                .toList(),
            good.actionHeads(),
            good.actor(),
            good.hyperParameters(),
            good.training(),
            good.evaluation());
    problem(upload(wrongFeatures.toJson()), 400)
        .andExpect(jsonPath("$.field").value("stateFeatures"));
    problem(
            post("/api/v1/policies")
                .param("parentVersion", "999999")
                .contentType(MediaType.APPLICATION_JSON)
                .content(good.toJson()),
            400)
        .andExpect(jsonPath("$.field").value("parentVersion"));
  }

  private long importArtifact(PolicyArtifact artifact) throws Exception {
    String body =
        mvc.perform(upload(artifact.toJson()))
            .andExpect(status().isCreated())
            .andReturn()
            .getResponse()
            .getContentAsString();
    return ((Number) JsonPath.read(body, "$.version")).longValue();
  }

  private static org.springframework.test.web.servlet.RequestBuilder upload(String json) {
    return post("/api/v1/policies").contentType(MediaType.APPLICATION_JSON).content(json);
  }

  private ResultActions decide() throws Exception {
    return mvc.perform(
            post("/api/v1/decisions").contentType(MediaType.APPLICATION_JSON).content(STATE))
        .andExpect(status().isOk());
  }

  private ResultActions problem(
      org.springframework.test.web.servlet.RequestBuilder request, int status) throws Exception {
    return mvc.perform(request)
        .andExpect(status().is(status))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }
}
