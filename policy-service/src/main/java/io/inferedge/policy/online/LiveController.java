package io.inferedge.policy.online;

import io.inferedge.policy.store.PolicyStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Online learning over HTTP: a version's recent live reward, a fine-tuning round on demand and a
 * rollback check on demand (both also run on their schedules when enabled).
 */
@RestController
@RequestMapping("/api/v1/policies")
final class LiveController {

  private final LiveRewards rewards;
  private final PolicyStore store;
  private final FineTuner fineTuner;
  private final RollbackWatcher watcher;

  LiveController(
      LiveRewards rewards, PolicyStore store, FineTuner fineTuner, RollbackWatcher watcher) {
    this.rewards = rewards;
    this.store = store;
    this.fineTuner = fineTuner;
    this.watcher = watcher;
  }

  /** The version's live reward over the last live window (404 for an unknown version). */
  @GetMapping("/{version}/live")
  LiveSummary live(@PathVariable long version) {
    store.get(version);
    return rewards.recent(Long.toString(version));
  }

  /** Runs one fine-tuning round now, with the configured settings (seconds of wall time). */
  @PostMapping("/online/rounds")
  FineTuner.Round round() {
    return fineTuner.runRound();
  }

  /** Runs the rollback check now. */
  @PostMapping("/online/rollback-check")
  RollbackWatcher.Check rollbackCheck() {
    return watcher.check();
  }
}
