package io.inferedge.policy.decision;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The trained policy decisions are made with, if one is active: swapped atomically by the policy
 * store on activation and rollback, read by every decision. Thread-safe.
 */
@Component
public final class ActivePolicy {

  private final AtomicReference<ServingPolicy> current = new AtomicReference<>();

  public Optional<ServingPolicy> get() {
    return Optional.ofNullable(current.get());
  }

  public void set(ServingPolicy policy) {
    current.set(policy);
  }
}
