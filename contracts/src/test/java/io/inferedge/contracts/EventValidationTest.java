package io.inferedge.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventValidationTest {

  @Test
  void correctnessFollowsTheGroundTruth() {
    InferenceCompleted event = Samples.inferenceCompleted();

    assertThat(event.correct()).isTrue();
  }

  @Test
  void computeIntervalMustNotRunBackwards() {
    InferenceCompleted e = Samples.inferenceCompleted();
    assertThatThrownBy(
            () ->
                new InferenceCompleted(
                    e.eventId(),
                    e.occurredAt(),
                    1,
                    e.streamId(),
                    e.frameSeq(),
                    e.deviceId(),
                    e.plan(),
                    e.predictedLabel(),
                    e.confidence(),
                    e.scores(),
                    null,
                    e.preprocessMicros(),
                    e.deviceComputeMicros(),
                    0,
                    0,
                    e.totalLatencyMicros(),
                    0,
                    e.deviceComputeEndedAt(),
                    e.deviceComputeStartedAt()))
        .hasMessageStartingWith("deviceComputeEndedAt must not be before");
  }

  @Test
  void aMalformedLinkProfileIsRefused() {
    InferenceCompleted e = Samples.inferenceCompleted();
    assertThatThrownBy(
            () ->
                new InferenceCompleted(
                    e.eventId(),
                    e.occurredAt(),
                    1,
                    e.streamId(),
                    e.frameSeq(),
                    e.deviceId(),
                    e.plan(),
                    e.predictedLabel(),
                    e.confidence(),
                    e.scores(),
                    null,
                    e.preprocessMicros(),
                    e.deviceComputeMicros(),
                    0,
                    0,
                    e.totalLatencyMicros(),
                    0,
                    e.deviceComputeStartedAt(),
                    e.deviceComputeEndedAt(),
                    "wifi 20",
                    null))
        .hasMessageStartingWith("linkProfile must be");
  }

  @Test
  void anUnknownSchemaVersionIsRefused() {
    OutcomeRecorded o = Samples.outcomeRecorded();
    assertThatThrownBy(
            () ->
                new OutcomeRecorded(
                    o.eventId(),
                    o.occurredAt(),
                    2,
                    o.inferenceEventId(),
                    o.streamId(),
                    o.frameSeq(),
                    o.plan(),
                    o.latencyMicros(),
                    o.correct(),
                    o.deviceEnergyMillijoules(),
                    o.energySource()))
        .hasMessage("schemaVersion must be 1 on this topic, was 2");
  }

  @Test
  void powerSamplesMustBeInTimeOrder() {
    Instant t = Instant.parse("2026-11-26T08:00:00Z");
    assertThatThrownBy(
            () ->
                new PowerSampled(
                    UUID.randomUUID(),
                    t,
                    1,
                    "device-1",
                    MeasurementSource.MEASURED,
                    "rapl",
                    List.of(
                        new PowerSampled.Sample(t.plusMillis(100), 5000),
                        new PowerSampled.Sample(t, 5000))))
        .hasMessage("samples must be in time order, sample 1 is before sample 0");
  }

  @Test
  void actorShapesMustChain() {
    PolicyPublished p = Samples.policyPublished();
    var wrongHeads = List.of(new PolicyPublished.ActionHead("model", List.of("nano")));
    assertThatThrownBy(
            () ->
                new PolicyPublished(
                    p.eventId(),
                    p.occurredAt(),
                    1,
                    7,
                    "a2c",
                    p.stateFeatures(),
                    wrongHeads,
                    p.actor()))
        .hasMessage("action heads have 1 choices but the actor gives 5 outputs");
  }

  @Test
  void aDecisionsConfigIdMustBeItsPlans() {
    DecisionMade d = Samples.decisionMade();
    assertThatThrownBy(
            () ->
                new DecisionMade(
                    d.eventId(),
                    d.occurredAt(),
                    1,
                    d.decisionId(),
                    d.streamId(),
                    d.plan(),
                    "nano/c3/r64/s1",
                    d.policyVersion(),
                    d.decisionSource(),
                    d.requirements(),
                    d.decidedAt(),
                    d.state()))
        .hasMessage("configId must be the plan's config id small/c2/r48/s1, was 'nano/c3/r64/s1'");
  }

  @Test
  void aDecisionNeedsAnIdAndAPolicyVersion() {
    DecisionMade d = Samples.decisionMade();
    assertThatThrownBy(
            () ->
                new DecisionMade(
                    d.eventId(),
                    d.occurredAt(),
                    1,
                    null,
                    d.streamId(),
                    d.plan(),
                    d.configId(),
                    d.policyVersion(),
                    d.decisionSource(),
                    d.requirements(),
                    d.decidedAt(),
                    d.state()))
        .hasMessage("decisionId must not be null");
    assertThatThrownBy(
            () ->
                new DecisionMade(
                    d.eventId(),
                    d.occurredAt(),
                    1,
                    d.decisionId(),
                    d.streamId(),
                    d.plan(),
                    d.configId(),
                    " ",
                    d.decisionSource(),
                    d.requirements(),
                    d.decidedAt(),
                    d.state()))
        .hasMessageStartingWith("policyVersion must be 1-64 characters");
  }

  @Test
  void aDecisionStatesLastPlanMustBeAConfigId() {
    assertThatThrownBy(
            () -> new DecisionMade.State("jetson-tx2", 10, 10, 5, 0.5, 0, 0, "huge", 20, 0))
        .hasMessageStartingWith("lastConfigId: plan must look like");
    assertThatThrownBy(
            () -> new DecisionMade.State("jetson-tx2", Double.NaN, 10, 5, 0.5, 0, 0, null, 20, 0))
        .hasMessageStartingWith("bandwidthMbps must be a finite number >= 0");
  }

  @Test
  void streamIdsAreRestricted() {
    assertThatThrownBy(() -> Checks.id("streamId", "../etc/passwd"))
        .hasMessageStartingWith("streamId must be 1-64 characters");
  }
}
