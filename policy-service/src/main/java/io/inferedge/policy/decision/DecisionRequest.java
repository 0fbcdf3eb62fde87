package io.inferedge.policy.decision;

import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Body of {@code POST /api/v1/decisions}.
 *
 * @param streamId the stream a plan is wanted for
 * @param requirements what the stream asks for; {@link StreamRequirements#BALANCED} when absent and
 *     no {@code profile} is named
 * @param profile a named requirement profile instead of {@code requirements}: {@code
 *     latency-first}, {@code accuracy-first}, {@code energy-first} or {@code balanced}
 * @param state the stream's conditions; without it the configured default plan is decided
 */
record DecisionRequest(
    @NotNull(message = "streamId is required")
        @Pattern(
            regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
            message =
                "streamId must be 1-64 characters of [A-Za-z0-9._-] starting with a letter or digit")
        String streamId,
    @Valid Requirements requirements,
    String profile,
    @Valid State state) {

  /**
   * {@link StreamRequirements} as the client sent them: every field required, ranges checked by
   * {@link StreamRequirements} itself.
   */
  record Requirements(
      @NotNull(message = "latencySloMillis is required") Long latencySloMillis,
      @NotNull(message = "accuracyFloor is required") Double accuracyFloor,
      @NotNull(message = "latencyWeight is required") Double latencyWeight,
      @NotNull(message = "accuracyWeight is required") Double accuracyWeight,
      @NotNull(message = "energyWeight is required") Double energyWeight) {

    /**
     * @throws IllegalArgumentException from {@link StreamRequirements}, naming the field
     */
    StreamRequirements toStreamRequirements() {
      return new StreamRequirements(
          latencySloMillis, accuracyFloor, latencyWeight, accuracyWeight, energyWeight);
    }
  }

  /** {@link StreamState} as the client sent it. */
  record State(
      @NotNull(message = "bandwidthMbps is required")
          @DecimalMin(value = "0", inclusive = false, message = "bandwidthMbps must be > 0")
          @DecimalMax(value = "100000", message = "bandwidthMbps must be <= 100000")
          Double bandwidthMbps,
      @DecimalMin(value = "0", inclusive = false, message = "previousBandwidthMbps must be > 0")
          @DecimalMax(value = "100000", message = "previousBandwidthMbps must be <= 100000")
          Double previousBandwidthMbps,
      @NotNull(message = "rttMs is required")
          @DecimalMin(value = "0", inclusive = false, message = "rttMs must be > 0")
          @DecimalMax(value = "60000", message = "rttMs must be <= 60000")
          Double rttMs,
      @NotNull(message = "serverLoad is required")
          @DecimalMin(value = "0", message = "serverLoad must be in [0, 1]")
          @DecimalMax(value = "1", message = "serverLoad must be in [0, 1]")
          Double serverLoad,
      @NotNull(message = "device is required") String device,
      @NotNull(message = "sceneCutsPerSecond is required")
          @DecimalMin(value = "0", message = "sceneCutsPerSecond must be >= 0")
          @DecimalMax(value = "1000", message = "sceneCutsPerSecond must be <= 1000")
          Double sceneCutsPerSecond,
      @NotNull(message = "motion is required")
          @DecimalMin(value = "0", message = "motion must be in [0, 1]")
          @DecimalMax(value = "1", message = "motion must be in [0, 1]")
          Double motion,
      String lastPlan,
      @DecimalMin(value = "0", message = "lastLatencyMs must be >= 0") Double lastLatencyMs,
      @DecimalMin(value = "0", message = "lastSloMissRate must be in [0, 1]")
          @DecimalMax(value = "1", message = "lastSloMissRate must be in [0, 1]")
          Double lastSloMissRate) {

    /**
     * @throws IllegalArgumentException if {@code lastPlan} is not a plan
     */
    StreamState toStreamState() {
      return new StreamState(
          bandwidthMbps,
          previousBandwidthMbps == null ? bandwidthMbps : previousBandwidthMbps,
          rttMs,
          serverLoad,
          device,
          sceneCutsPerSecond,
          motion,
          lastPlan == null ? null : Plan.parse(lastPlan),
          lastLatencyMs == null ? 0 : lastLatencyMs,
          lastSloMissRate == null ? 0 : lastSloMissRate);
    }
  }
}
