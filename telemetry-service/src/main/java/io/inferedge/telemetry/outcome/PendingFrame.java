package io.inferedge.telemetry.outcome;

import java.time.Instant;
import java.util.UUID;

/** A stored frame whose energy is not attributed yet ({@code pending_frame}). */
record PendingFrame(
    UUID eventId, String deviceId, Instant computeStartedAt, Instant computeEndedAt) {}
