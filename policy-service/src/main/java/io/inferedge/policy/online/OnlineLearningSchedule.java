package io.inferedge.policy.online;

import io.inferedge.policy.PolicyProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.log.LogAccessor;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Runs online learning in the background when {@code infer-edge.policy.online.enabled} is true: a
 * fine-tuning round every {@code interval} after the previous one ended, and the rollback watch
 * every {@code rollback-interval}, on Spring's task scheduler. A failing round or check is logged
 * and retried at the next tick. Thread-safe.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(prefix = "infer-edge.policy.online", name = "enabled", havingValue = "true")
class OnlineLearningSchedule implements SchedulingConfigurer {

  private static final LogAccessor LOG = new LogAccessor(OnlineLearningSchedule.class);

  private final FineTuner fineTuner;
  private final RollbackWatcher watcher;
  private final PolicyProperties properties;

  OnlineLearningSchedule(
      FineTuner fineTuner, RollbackWatcher watcher, PolicyProperties properties) {
    this.fineTuner = fineTuner;
    this.watcher = watcher;
    this.properties = properties;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    PolicyProperties.Online online = properties.online();
    registrar.addFixedDelayTask(
        () -> {
          try {
            FineTuner.Round round = fineTuner.runRound();
            LOG.debug(() -> "online learning round: " + round);
          } catch (RuntimeException e) {
            LOG.error(e, "online learning round failed");
          }
        },
        online.interval());
    registrar.addFixedDelayTask(
        () -> {
          try {
            RollbackWatcher.Check check = watcher.check();
            LOG.debug(() -> "rollback watch: " + check.note());
          } catch (RuntimeException e) {
            LOG.error(e, "rollback watch failed");
          }
        },
        online.rollbackInterval());
  }
}
