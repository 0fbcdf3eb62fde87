package io.inferedge.telemetry.profile;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * Query parameters of {@code GET /api/v1/profile-tables}: an optional table {@code name}, and
 * {@code page} and {@code size} (null when not given; the upper bound of {@code size} is
 * configuration and checked by the controller). Immutable.
 */
record ProfileTableQuery(
    @Pattern(
            regexp = "[a-z0-9][a-z0-9_.-]{0,63}",
            message = "name must be 1-64 characters of [a-z0-9_.-]")
        String name,
    @Min(value = 0, message = "page must be >= 0") Integer page,
    @Min(value = 1, message = "size must be >= 1") Integer size) {}
