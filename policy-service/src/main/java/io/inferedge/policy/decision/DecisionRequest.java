package io.inferedge.policy.decision;

import io.inferedge.contracts.StreamRequirements;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Body of {@code POST /api/v1/decisions}.
 *
 * @param streamId the stream a plan is wanted for
 * @param requirements what the stream asks for; {@link StreamRequirements#BALANCED} when absent
 */
record DecisionRequest(
    @NotNull(message = "streamId is required")
        @Pattern(
            regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
            message =
                "streamId must be 1-64 characters of [A-Za-z0-9._-] starting with a letter or digit")
        String streamId,
    @Valid Requirements requirements) {

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
}
