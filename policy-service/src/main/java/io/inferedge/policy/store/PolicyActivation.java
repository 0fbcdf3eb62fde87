package io.inferedge.policy.store;

import java.time.Instant;

/**
 * One row of the activation history: what became active, what was active before and why.
 *
 * @param activationId increasing with time
 * @param version the version activated
 * @param previousVersion the version active before, or null
 * @param reason {@code bootstrap}, {@code activate} or {@code rollback}
 * @param note more on why, e.g. {@code auto-rollback: live reward -0.41 vs 0.12}, or the gate
 *     summary of an online-learning candidate; null when none was given
 * @param activatedAt when
 */
public record PolicyActivation(
    long activationId,
    long version,
    Long previousVersion,
    String reason,
    String note,
    Instant activatedAt) {}
