package io.inferedge.telemetry;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a task on its own daemon thread with a fixed pause between the end of one run and the start
 * of the next, from context start to stop. A run that throws is logged (the first of a failing
 * streak at WARN, the rest at DEBUG, so that a database outage does not flood the log) and the next
 * run happens as planned. Thread-safe lifecycle.
 */
public final class PeriodicJob implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(PeriodicJob.class);

  private final String name;
  private final Duration pause;
  private final Runnable task;
  private ScheduledExecutorService executor;
  private volatile boolean failing;

  public PeriodicJob(String name, Duration pause, Runnable task) {
    this.name = name;
    this.pause = pause;
    this.task = task;
  }

  private void runOnce() {
    try {
      task.run();
      if (failing) {
        log.info("{} works again", name);
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) {
        log.warn("{} failed, retrying every {}: {}", name, pause, e.toString());
        failing = true;
      } else {
        log.debug("{} failed again", name, e);
      }
    }
  }

  @Override
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, name);
              thread.setDaemon(true);
              return thread;
            });
    long micros = pause.toNanos() / 1_000;
    executor.scheduleWithFixedDelay(this::runOnce, micros, micros, TimeUnit.MICROSECONDS);
  }

  @Override
  public synchronized void stop() {
    if (executor == null) {
      return;
    }
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor = null;
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }
}
