package io.inferedge.telemetry.query;

import java.time.Instant;

/** One time bucket of a stream: frames with {@code start <= occurredAt < start + bucket}. */
record SeriesBucket(Instant start, Stats stats) {}
