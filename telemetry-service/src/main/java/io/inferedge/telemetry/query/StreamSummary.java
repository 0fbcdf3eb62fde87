package io.inferedge.telemetry.query;

import java.time.Instant;

/**
 * One stream over a window.
 *
 * @param firstFrameAt the earliest frame in the window, null without frames
 * @param lastFrameAt the latest frame in the window, null without frames
 * @param configurations how many configurations the stream ran
 */
record StreamSummary(
    String streamId, Instant firstFrameAt, Instant lastFrameAt, long configurations, Stats stats) {}
