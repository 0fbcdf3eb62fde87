package io.inferedge.policy.decision;

import io.inferedge.contracts.StreamRequirements;
import java.util.Objects;

/**
 * What a {@link DecisionPolicy} knows when it decides. It grows with the policy's state (link and
 * server estimates, content dynamics, the last action) without changing the interface.
 *
 * @param streamId the stream the plan is for
 * @param requirements what the stream's application asks for
 */
public record DecisionContext(String streamId, StreamRequirements requirements) {

  public DecisionContext {
    Objects.requireNonNull(streamId, "streamId must not be null");
    Objects.requireNonNull(requirements, "requirements must not be null");
  }
}
