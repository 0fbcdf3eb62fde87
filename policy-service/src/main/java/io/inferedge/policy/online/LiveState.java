package io.inferedge.policy.online;

import io.inferedge.contracts.StreamRequirements;
import io.inferedge.policy.decision.StreamState;

/**
 * A logged live decision's inputs, as replayed through candidate and active actors by the gate.
 *
 * @param state the stream's conditions when it asked
 * @param requirements what it asked for
 */
public record LiveState(StreamState state, StreamRequirements requirements) {}
