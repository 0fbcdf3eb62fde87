package io.inferedge.policy.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import io.inferedge.policy.IntegrationTest;
import io.inferedge.policy.environment.PlanTable;
import io.inferedge.policy.profile.Profile;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;

/** The live reward from stored outcomes joined with their decision, on a hand-computed case. */
class LiveRewardTest extends IntegrationTest {

  @Autowired JdbcClient jdbc;
  @Autowired KafkaTemplate<String, Object> kafka;
  @Autowired LiveRewards rewards;
  @Autowired Profile profile;
  @Autowired MockMvc mvc;

  @Test
  void rewardOfOneDecisionWindowFromItsOutcomes() {
    LiveData data = new LiveData(jdbc, kafka);
    String stream = "live-hand-" + System.nanoTime();
    String version = "hand-" + System.nanoTime();
    // Latency first with an accuracy floor: weights 0.6 / 0.2 / 0.2, SLO 100 ms, floor 0.75.
    StreamRequirements r = new StreamRequirements(100, 0.75, 0.6, 0.2, 0.2);
    Plan plan = Plan.parse("nano/c3/r64/s2");
    double eRef = new PlanTable(profile, profile.device("jetson-tx2")).referenceEnergyMj();
    Instant at = data.decision(stream, version, plan, r);
    // Another plan's outcome on the same stream belongs to no decision of this plan: ignored.
    data.outcome(stream, Plan.parse("small/c4/r32/s1"), at, 1, 10_000, true, 1);
    data.outcome(stream, plan, at, 2, 50_000, true, eRef / 4);
    data.outcome(stream, plan, at, 3, 80_000, true, eRef / 4);
    data.outcome(stream, plan, at, 4, 120_000, false, eRef / 4);
    data.outcome(stream, plan, at, 5, 150_000, null, eRef / 4);
    data.awaitStored(stream, 5);

    LiveSummary summary = rewards.summary(version, at, at.plusSeconds(1));

    // 4 processed frames at skip 2: 8 frames. Correct 2 of the 3 known: 2/3. Mean latency 100 ms:
    // ratio 1. Misses (> 100 ms): 2 of 4. Energy per frame (eRef) / 8: ratio 0.125.
    // Floor shortfall 0.75 - 2/3 = 1/12.
    double expected = 0.2 * 2 / 3 - 0.6 * 1 - 0.2 * 0.125 - 0.5 * 0.5 - 2.0 / 12;
    assertThat(expected).isCloseTo(-0.908333, within(1e-6));
    assertThat(summary.decisions()).isEqualTo(1);
    assertThat(summary.outcomes()).isEqualTo(4);
    assertThat(summary.frames()).isEqualTo(8);
    assertThat(summary.reward()).isCloseTo(expected, within(1e-9));
  }

  @Test
  void liveEndpointAnswersForAStoredVersionAnd404Otherwise() throws Exception {
    mvc.perform(get("/api/v1/policies/1/live"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.policyVersion").value("1"))
        .andExpect(jsonPath("$.frames").isNumber());
    mvc.perform(get("/api/v1/policies/987654/live")).andExpect(status().isNotFound());
  }
}
