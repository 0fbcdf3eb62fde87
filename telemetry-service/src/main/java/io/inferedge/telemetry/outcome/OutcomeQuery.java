package io.inferedge.telemetry.outcome;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Query parameters of {@code GET /api/v1/outcomes}; {@code page} and {@code size} are null when not
 * given. The upper bound of {@code size} is configuration and checked by the controller.
 */
record OutcomeQuery(
    @NotNull(message = "streamId is required")
        @Pattern(
            regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
            message =
                "streamId must be 1-64 characters of [A-Za-z0-9._-] starting with a letter or digit")
        String streamId,
    @Min(value = 0, message = "page must be >= 0") Integer page,
    @Min(value = 1, message = "size must be >= 1") Integer size) {}
