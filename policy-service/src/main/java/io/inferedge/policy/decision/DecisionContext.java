package io.inferedge.policy.decision;

import io.inferedge.contracts.StreamRequirements;
import java.util.Objects;

/**
 * What a {@link DecisionPolicy} knows when it decides.
 *
 * @param streamId the stream the plan is for
 * @param requirements what the stream's application asks for
 * @param state the stream's conditions, or null when the caller gave none (then only a policy that
 *     needs no state can decide: the configured default plan)
 */
public record DecisionContext(String streamId, StreamRequirements requirements, StreamState state) {

  public DecisionContext {
    Objects.requireNonNull(streamId, "streamId must not be null");
    Objects.requireNonNull(requirements, "requirements must not be null");
  }

  public DecisionContext(String streamId, StreamRequirements requirements) {
    this(streamId, requirements, null);
  }
}
