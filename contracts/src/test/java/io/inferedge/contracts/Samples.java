package io.inferedge.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One fixed instance of every event, the values behind the golden JSON files. */
final class Samples {

  static final Instant T0 = Instant.parse("2026-11-26T08:00:00.123456Z");
  static final Plan PLAN = new Plan("small", 2, 48, 1);

  private Samples() {}

  static InferenceCompleted inferenceCompleted() {
    return new InferenceCompleted(
        UUID.fromString("6f1d2c1e-0b7a-4c39-9a51-1f0e5d4c3b2a"),
        T0,
        1,
        "cam-1",
        42,
        "device-1",
        PLAN,
        3,
        0.875,
        List.of(0.01, 0.02, 0.03, 0.875, 0.015, 0.01, 0.02, 0.005, 0.01, 0.005),
        3,
        850,
        12_400,
        3_100,
        9_800,
        26_300,
        18_432,
        Instant.parse("2026-11-26T08:00:00.100000Z"),
        Instant.parse("2026-11-26T08:00:00.112400Z"),
        "wifi-20",
        1_250.0,
        "jetson-nano",
        1_700L);
  }

  static PowerSampled powerSampled() {
    return new PowerSampled(
        UUID.fromString("0c8e7a52-6f3b-4d1e-8a2c-5b9f1e3d7c60"),
        T0,
        1,
        "device-1",
        MeasurementSource.MEASURED,
        "ina3221-hwmon",
        List.of(
            new PowerSampled.Sample(Instant.parse("2026-11-26T08:00:00Z"), 4_812.5),
            new PowerSampled.Sample(Instant.parse("2026-11-26T08:00:00.100Z"), 6_204.0)));
  }

  static OutcomeRecorded outcomeRecorded() {
    return new OutcomeRecorded(
        UUID.fromString("9a4b3c2d-1e0f-4a5b-8c7d-6e5f4a3b2c1d"),
        T0,
        1,
        UUID.fromString("6f1d2c1e-0b7a-4c39-9a51-1f0e5d4c3b2a"),
        "cam-1",
        42,
        PLAN,
        26_300,
        true,
        81.25,
        MeasurementSource.EMULATED);
  }

  static DecisionMade decisionMade() {
    return new DecisionMade(
        UUID.fromString("5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e"),
        T0,
        1,
        UUID.fromString("1c2d3e4f-5a6b-4c7d-9e8f-0a1b2c3d4e5f"),
        "cam-1",
        PLAN,
        "small/c2/r48/s1",
        "7",
        "in-process",
        StreamRequirements.LATENCY_FIRST,
        T0,
        new DecisionMade.State(
            "jetson-tx2", 18.5, 16.0, 12.25, 0.3, 0.5, 0.125, "nano/c3/r64/s1", 41.5, 0.25));
  }

  static PolicyPublished policyPublished() {
    return new PolicyPublished(
        UUID.fromString("3e2d1c0b-9a8f-4e7d-b6c5-a4b3c2d1e0f9"),
        T0,
        1,
        7,
        "a2c",
        List.of("bandwidthMbps", "rttMillis"),
        List.of(
            new PolicyPublished.ActionHead("model", List.of("nano", "small")),
            new PolicyPublished.ActionHead("frameSkip", List.of("1", "2", "4"))),
        List.of(
            new PolicyPublished.DenseLayer(
                2, 2, "tanh", List.of(0.5f, -0.25f, 0.125f, 1.0f), List.of(0.0f, 0.1f)),
            new PolicyPublished.DenseLayer(
                2,
                5,
                "linear",
                List.of(0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.0f),
                List.of(0.0f, 0.0f, 0.0f, 0.0f, 0.0f))));
  }
}
