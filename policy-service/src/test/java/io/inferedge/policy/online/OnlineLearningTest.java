package io.inferedge.policy.online;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import io.inferedge.contracts.Topics;
import io.inferedge.policy.IntegrationTest;
import io.inferedge.policy.PolicyProperties;
import io.inferedge.policy.store.PolicyActivation;
import io.inferedge.policy.store.PolicyStore;
import io.inferedge.policy.store.PolicyVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Online learning end to end over the real database and broker: a fine-tuning round from the active
 * version (tiny step counts) that passes the gate is activated and published; one that fails is
 * kept and not activated; the rollback watch rolls back on a live-reward drop beyond its margin and
 * not within it. One class, because activation is global state.
 */
class OnlineLearningTest extends IntegrationTest {

  private static final Plan PLAN = Plan.parse("nano/c3/r64/s1");

  @Autowired JdbcClient jdbc;
  @Autowired KafkaTemplate<String, Object> kafka;
  @Autowired PolicyStore store;
  @Autowired FineTuner fineTuner;
  @Autowired RollbackWatcher watcher;

  /** Small settings: 1,600 emulator steps per round, a one-seed gate, 20 frames for rollback. */
  private static PolicyProperties.Online settings(double margin, double rollbackMargin) {
    return new PolicyProperties.Online(
        false,
        Duration.ofMinutes(10),
        0,
        1_600,
        2e-4,
        400,
        margin,
        1,
        50,
        200,
        1,
        5,
        Duration.ofHours(1),
        "jetson-tx2",
        Duration.ofMinutes(1),
        rollbackMargin,
        20);
  }

  private long importShippedPolicy() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/policies/a2c.json")) {
      return store
          .importVersion(new String(in.readAllBytes(), StandardCharsets.UTF_8), null)
          .version();
    }
  }

  private void someLiveTraffic(String version) {
    LiveData data = new LiveData(jdbc, kafka);
    String stream = "online-" + System.nanoTime();
    Instant at = data.decision(stream, version, PLAN, StreamRequirements.BALANCED);
    for (int i = 0; i < 8; i++) {
      data.outcome(stream, PLAN, at, i + 1, 20_000 + 1_000 * i, i % 4 != 0, 5);
    }
    data.awaitStored(stream, 8);
  }

  @Test
  void aRoundThatPassesIsActivatedAndPublishedOneThatFailsIsKept() throws Exception {
    long parent = importShippedPolicy();
    store.activate(parent);
    someLiveTraffic(Long.toString(parent));

    FineTuner.Round passing = fineTuner.runRound(settings(1.0, 0.05));

    assertThat(passing.trained()).isTrue();
    assertThat(passing.parentVersion()).isEqualTo(parent);
    assertThat(passing.passed()).as(passing.reason()).isTrue();
    assertThat(passing.activated()).isTrue();
    PolicyVersion candidate = store.get(passing.candidateVersion());
    assertThat(candidate.parentVersion()).isEqualTo(parent);
    assertThat(candidate.active()).isTrue();
    assertThat(candidate.evaluationPassed()).isTrue();
    assertThat(candidate.hyperParameters()).containsEntry("totalSteps", 1_600);
    assertThat(candidate.evaluation())
        .containsEntry("kind", "online-fine-tuning")
        .containsKeys("emulator", "liveReplay", "calibration", "reason");
    @SuppressWarnings("unchecked")
    Map<String, Object> replay = (Map<String, Object>) candidate.evaluation().get("liveReplay");
    assertThat(replay).containsKey("candidate");
    var published = awaitRecord(Topics.POLICY_PUBLISHED, Long.toString(candidate.version()));
    Number publishedVersion =
        JsonPath.read(new String(published.value(), StandardCharsets.UTF_8), "$.policyVersion");
    assertThat(publishedVersion.longValue()).isEqualTo(candidate.version());
    List<PolicyActivation> history = store.activations();
    assertThat(history.get(0).version()).isEqualTo(candidate.version());
    assertThat(history.get(0).previousVersion()).isEqualTo(parent);
    assertThat(history.get(0).note()).startsWith("online learning: emulator:");

    // A margin no candidate can meet: it must beat the active version by 1.0 mean reward.
    FineTuner.Round failing = fineTuner.runRound(settings(-1.0, 0.05));

    assertThat(failing.trained()).isTrue();
    assertThat(failing.parentVersion()).isEqualTo(candidate.version());
    assertThat(failing.passed()).isFalse();
    assertThat(failing.activated()).isFalse();
    PolicyVersion kept = store.get(failing.candidateVersion());
    assertThat(kept.evaluationPassed()).isFalse();
    assertThat(kept.active()).isFalse();
    assertThat(kept.parentVersion()).isEqualTo(candidate.version());
    assertThat((String) kept.evaluation().get("reason")).contains("worse by more than margin");
    assertThat(store.active().orElseThrow().version().version()).isEqualTo(candidate.version());
  }

  @Test
  void rollsBackWhenTheLiveRewardDropsBeyondTheMarginOnly() throws Exception {
    LiveData data = new LiveData(jdbc, kafka);
    long previous = importShippedPolicy();
    long next = importShippedPolicy();
    store.activate(previous);
    String stream = "rollback-" + System.nanoTime();
    Instant before =
        data.decision(stream, Long.toString(previous), PLAN, StreamRequirements.BALANCED);
    for (int i = 0; i < 20; i++) {
      data.outcome(stream, PLAN, before, i + 1, 20_000, true, 5);
    }
    data.awaitStored(stream, 20);
    store.activate(next);

    // Slightly slower (25 ms vs 20 ms at a 150 ms SLO): 0.011 lower, inside the 0.05 margin.
    Instant after = data.decision(stream, Long.toString(next), PLAN, StreamRequirements.BALANCED);
    for (int i = 0; i < 20; i++) {
      data.outcome(stream, PLAN, after, i + 1, 25_000, true, 5);
    }
    data.awaitStored(stream, 40);
    RollbackWatcher.Check inside = watcher.check(settings(0.01, 0.05));
    assertThat(inside.rolledBack()).as(inside.note()).isFalse();
    assertThat(inside.current().frames()).isEqualTo(20);
    assertThat(inside.note()).contains("within margin");
    assertThat(store.active().orElseThrow().version().version()).isEqualTo(next);

    // Then every frame misses the SLO: far below the previous version.
    Instant worse = data.decision(stream, Long.toString(next), PLAN, StreamRequirements.BALANCED);
    for (int i = 0; i < 60; i++) {
      data.outcome(stream, PLAN, worse, i + 1, 400_000, false, 5);
    }
    data.awaitStored(stream, 100);
    RollbackWatcher.Check beyond = watcher.check(settings(0.01, 0.05));

    assertThat(beyond.rolledBack()).as(beyond.note()).isTrue();
    assertThat(beyond.note()).startsWith("auto-rollback: live reward ");
    assertThat(store.active().orElseThrow().version().version()).isEqualTo(previous);
    PolicyActivation last = store.activations().get(0);
    assertThat(last.reason()).isEqualTo("rollback");
    assertThat(last.version()).isEqualTo(previous);
    assertThat(last.note()).isEqualTo(beyond.note());
    // After a rollback the restored version is not watched: no flip-flop.
    assertThat(watcher.check(settings(0.01, 0.05)).rolledBack()).isFalse();
  }
}
