package io.inferedge.telemetry.profile;

import java.time.Instant;

/**
 * What the listing shows of one stored trade-off table, and what a post answers with. Immutable.
 *
 * @param id the table's id: {@code GET /api/v1/profile-tables/{id}} returns its body
 * @param name the table's {@code name}
 * @param formatVersion the table's {@code formatVersion}
 * @param host the table's {@code host}
 * @param configurations how many configurations its models have together
 * @param contentHash hex SHA-256 of the body's canonical (jsonb) text: equal for equal tables
 * @param createdAt when it was first posted
 */
record ProfileTableSummary(
    long id,
    String name,
    int formatVersion,
    String host,
    int configurations,
    String contentHash,
    Instant createdAt) {}
