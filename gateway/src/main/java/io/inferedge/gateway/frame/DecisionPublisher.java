package io.inferedge.gateway.frame;

import io.inferedge.contracts.DecisionMade;
import io.inferedge.contracts.StreamRequirements;
import io.inferedge.contracts.Topics;
import io.inferedge.policy.decision.StreamState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes every decision the gateway made itself as a {@link DecisionMade} to {@link
 * Topics#DECISION_MADE}, keyed by stream id, so that policy-service's decision log, and with it
 * online learning, sees the frames decided here: in-process decisions, and default-plan decisions
 * (logged as policy version {@code default}, as policy-service logs its own default plan).
 * Decisions of policy-service's decision API are logged there already and not published again.
 *
 * <p>Publishing never fails or slows a frame: the frame thread only hands the decision to one
 * sender thread through a bounded queue ({@value #QUEUE_CAPACITY} decisions); the record is built
 * and sent there, because even an asynchronous {@code send} blocks while the broker is unreachable.
 * A decision that cannot be published (queue full, broker away, a state the record refuses) is
 * counted in {@value #FAILURES} and logged at most once per {@value #LOG_INTERVAL_SECONDS} s with
 * the number of failures since the previous log line. A lost record costs online learning one
 * frame's outcome, nothing more.
 *
 * <p>Thread-safe. One sender thread keeps a stream's records in order. On shutdown the queue is
 * drained for up to {@value #DRAIN_SECONDS} s.
 */
final class DecisionPublisher implements AutoCloseable {

  static final String FAILURES = "gateway.decisions.publish.failures";
  static final int QUEUE_CAPACITY = 4096;
  static final int DRAIN_SECONDS = 2;
  static final long LOG_INTERVAL_SECONDS = 60;

  /** The decision log's name for the configured default plan. */
  static final String DEFAULT_POLICY_VERSION = "default";

  private static final Logger log = LoggerFactory.getLogger(DecisionPublisher.class);

  private final KafkaTemplate<Object, Object> kafka;
  private final Counter failures;
  private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());
  private final AtomicLong unlogged = new AtomicLong();
  private final ThreadPoolExecutor sender =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(QUEUE_CAPACITY),
          runnable -> {
            Thread thread = new Thread(runnable, "decision-events");
            thread.setDaemon(true);
            return thread;
          });

  DecisionPublisher(KafkaTemplate<Object, Object> kafka, MeterRegistry meters) {
    this.kafka = kafka;
    this.failures =
        Counter.builder(FAILURES)
            .description("Gateway decisions that could not be published to " + Topics.DECISION_MADE)
            .register(meters);
  }

  /**
   * Publishes a decision made for a frame of {@code streamId}, unless policy-service made it.
   *
   * @param decision the decision as executed (its plan is the one the frame's outcome reports)
   * @param state the state it was decided on
   * @param decidedAt when it was decided
   */
  void publish(
      String streamId,
      Decision decision,
      StreamRequirements requirements,
      StreamState state,
      Instant decidedAt) {
    if (Decision.POLICY_SERVICE.equals(decision.source()) || decision.decisionId() == null) {
      return;
    }
    try {
      sender.execute(() -> send(streamId, decision, requirements, state, decidedAt));
    } catch (RejectedExecutionException e) {
      failed(decision, "the publish queue is full or closed");
    }
  }

  private void send(
      String streamId,
      Decision decision,
      StreamRequirements requirements,
      StreamState state,
      Instant decidedAt) {
    try {
      DecisionMade event = event(streamId, decision, requirements, state, decidedAt);
      kafka
          .send(Topics.DECISION_MADE, streamId, event)
          .whenComplete(
              (result, error) -> {
                if (error != null) {
                  failed(decision, error.toString());
                }
              });
    } catch (RuntimeException e) {
      failed(decision, e.toString());
    }
  }

  static DecisionMade event(
      String streamId,
      Decision decision,
      StreamRequirements requirements,
      StreamState state,
      Instant decidedAt) {
    // The decision log keeps microseconds: the record says what will be stored.
    Instant at = decidedAt.truncatedTo(ChronoUnit.MICROS);
    return new DecisionMade(
        UUID.randomUUID(),
        at,
        DecisionMade.SCHEMA_VERSION,
        decision.decisionId(),
        streamId,
        decision.plan(),
        decision.plan().configId(),
        decision.isFallback() ? DEFAULT_POLICY_VERSION : decision.policyVersion(),
        decision.source(),
        requirements,
        at,
        state == null
            ? null
            : new DecisionMade.State(
                state.device(),
                state.bandwidthMbps(),
                state.previousBandwidthMbps(),
                state.rttMs(),
                state.serverLoad(),
                state.sceneCutsPerSecond(),
                state.motion(),
                state.lastPlan() == null ? null : state.lastPlan().configId(),
                state.lastLatencyMs(),
                state.lastSloMissRate()));
  }

  private void failed(Decision decision, String reason) {
    failures.increment();
    unlogged.incrementAndGet();
    long now = System.nanoTime();
    long next = nextLogNanos.get();
    if (now - next >= 0
        && nextLogNanos.compareAndSet(
            next, now + Duration.ofSeconds(LOG_INTERVAL_SECONDS).toNanos())) {
      long count = unlogged.getAndSet(0);
      log.warn(
          "could not publish decision {} to {}: {} ({} decision(s) not published since the last"
              + " such message; at most one message per {} s)",
          decision.decisionId(),
          Topics.DECISION_MADE,
          reason,
          count,
          LOG_INTERVAL_SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    sender.shutdown();
    if (!sender.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
      int dropped = sender.shutdownNow().size();
      log.warn("dropped {} unpublished decisions at shutdown", dropped);
      failures.increment(dropped);
    }
  }
}
