package io.inferedge.gateway.stream;

import io.inferedge.contracts.StreamRequirements;
import java.time.Instant;

/**
 * A stream registered at the gateway, as kept on {@link io.inferedge.contracts.Topics#STREAMS} and
 * returned by the streams API. Immutable.
 *
 * @param profile the named requirement profile the requirements came from, null when they were
 *     given explicitly
 */
public record StreamRegistration(
    String streamId,
    String profile,
    StreamRequirements requirements,
    Instant createdAt,
    Instant updatedAt) {}
