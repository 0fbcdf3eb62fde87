package io.inferedge.inference.plan;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The query parameters of {@code POST /api/v1/inferences}. Bound and validated by Spring, so a
 * missing or malformed parameter is a 400 that names it.
 *
 * @param streamId the camera stream, 1-64 characters of [A-Za-z0-9._-]
 * @param frameSeq the frame's sequence number in its stream, >= 0
 * @param plan the plan's text form, e.g. {@code nano/c3/r64/s1}
 * @param groundTruth the true class when the client knows it, 0..9, else absent
 */
record InferenceRequest(
    @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}") String streamId,
    @NotNull @Min(0) Long frameSeq,
    @NotBlank String plan,
    @Min(0) @Max(9) Integer groundTruth) {}
