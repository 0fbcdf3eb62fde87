package io.inferedge.policy.online;

import io.inferedge.policy.PolicyProperties;
import io.inferedge.policy.store.PolicyActivation;
import io.inferedge.policy.store.PolicyStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.core.log.LogAccessor;
import org.springframework.stereotype.Service;

/**
 * Automatic rollback: after a version is activated (reason {@code activate}; not after a rollback
 * or the bootstrap, so that two versions cannot flip back and forth), compares its live reward
 * since the activation with the live reward of the version active before it over the live window
 * that preceded the activation. When both have at least {@code rollbackMinFrames} live frames and
 * the new one is below the previous one by more than {@code rollbackMargin}, rolls back through
 * {@link PolicyStore#rollback(String)}, noting {@code auto-rollback: live reward X vs Y}.
 * Thread-safe (checks are serialised).
 */
@Service
public final class RollbackWatcher {

  private static final LogAccessor LOG = new LogAccessor(RollbackWatcher.class);

  private final PolicyStore store;
  private final LiveRewards rewards;
  private final PolicyProperties properties;
  private final Clock clock;

  RollbackWatcher(
      PolicyStore store, LiveRewards rewards, PolicyProperties properties, Clock clock) {
    this.store = store;
    this.rewards = rewards;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * What a check found.
   *
   * @param watched the active version, null when none is watched
   * @param previous the version it would roll back to
   * @param current its live reward since activation, null when not watched
   * @param before the previous version's live reward before the activation
   * @param rolledBack whether it rolled back
   * @param note why, in one line
   */
  public record Check(
      Long watched,
      Long previous,
      LiveSummary current,
      LiveSummary before,
      boolean rolledBack,
      String note) {

    static Check idle(String note) {
      return new Check(null, null, null, null, false, note);
    }
  }

  /** A check with the configured settings. */
  public Check check() {
    return check(properties.online());
  }

  /** A check with the given settings. */
  public synchronized Check check(PolicyProperties.Online settings) {
    Optional<PolicyStore.Active> active = store.active();
    if (active.isEmpty()) {
      return Check.idle("no policy version is active");
    }
    long version = active.get().version().version();
    Optional<PolicyActivation> activation = store.lastActivation(version);
    if (activation.isEmpty()
        || !activation.get().reason().equals("activate")
        || activation.get().previousVersion() == null) {
      return Check.idle(
          "version " + version + " was not activated over a previous version: not watched");
    }
    long previous = activation.get().previousVersion();
    Instant at = activation.get().activatedAt();
    LiveSummary current = rewards.summary(Long.toString(version), at, clock.instant().plusNanos(1));
    LiveSummary before =
        rewards.summary(Long.toString(previous), at.minus(settings.liveWindow()), at);
    if (current.frames() < settings.rollbackMinFrames()
        || before.frames() < settings.rollbackMinFrames()) {
      return new Check(
          version,
          previous,
          current,
          before,
          false,
          String.format(
              Locale.ROOT,
              "waiting: %d and %d live frames, %d needed",
              current.frames(),
              before.frames(),
              settings.rollbackMinFrames()));
    }
    String comparison =
        String.format(Locale.ROOT, "live reward %.4f vs %.4f", current.reward(), before.reward());
    if (current.reward() >= before.reward() - settings.rollbackMargin()) {
      return new Check(
          version,
          previous,
          current,
          before,
          false,
          comparison + ": within margin " + settings.rollbackMargin());
    }
    String note =
        String.format(
            Locale.ROOT,
            "auto-rollback: %s (version %d over %d frames, version %d over %d frames, margin %s)",
            comparison,
            version,
            current.frames(),
            previous,
            before.frames(),
            settings.rollbackMargin());
    store.rollback(note);
    LOG.warn(() -> note);
    return new Check(version, previous, current, before, true, note);
  }
}
