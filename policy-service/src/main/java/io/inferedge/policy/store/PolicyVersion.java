package io.inferedge.policy.store;

import java.time.Instant;
import java.util.Map;

/**
 * A stored policy version as the API shows it (without its weights).
 *
 * @param version the version number, from 1
 * @param algorithm e.g. {@code a2c}
 * @param profile the profile it was trained on
 * @param parentVersion the version it was derived from, or null
 * @param checksum SHA-256 of the stored artefact
 * @param hyperParameters how it was trained
 * @param evaluation its evaluation summary
 * @param evaluationPassed whether it passed the activation gate
 * @param createdAt when it was stored
 * @param active whether decisions use it now
 * @param activatedAt when it was last activated, or null
 */
public record PolicyVersion(
    long version,
    String algorithm,
    String profile,
    Long parentVersion,
    String checksum,
    Map<String, Object> hyperParameters,
    Map<String, Object> evaluation,
    boolean evaluationPassed,
    Instant createdAt,
    boolean active,
    Instant activatedAt) {}
