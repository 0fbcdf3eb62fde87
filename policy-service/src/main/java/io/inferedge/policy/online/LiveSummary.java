package io.inferedge.policy.online;

import java.time.Instant;

/**
 * A policy version's live reward over a time range: the frame-weighted mean of its decision
 * windows' {@link LiveReward}s.
 *
 * @param policyVersion the version ({@code default} for the configured plan)
 * @param from decisions made at or after this
 * @param to and before this
 * @param decisions decision windows with at least one outcome
 * @param frames frames they cover
 * @param outcomes outcomes in them
 * @param reward the mean reward per frame, null without frames
 */
public record LiveSummary(
    String policyVersion,
    Instant from,
    Instant to,
    int decisions,
    long frames,
    long outcomes,
    Double reward) {}
