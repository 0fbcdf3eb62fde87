package io.inferedge.gateway.dashboard;

import io.inferedge.contracts.OutcomeRecorded;
import io.inferedge.contracts.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;

/**
 * The frames' outcomes as telemetry-service joined them ({@value Topics#OUTCOME_RECORDED}: device
 * energy, correctness, end-to-end latency), kept per stream in a bounded window for the dashboard's
 * accuracy and energy charts. Every gateway instance consumes the topic in a group of its own (a
 * random id) and, when its partitions are assigned, seeks back to {@link #HISTORY} ago, so a
 * started or restarted gateway shows the last minutes at once without replaying the whole topic. At
 * most {@code perStream} outcomes per stream and {@code maxStreams} streams are kept (the stream
 * updated longest ago goes first). Records that cannot be read go to the dead-letter topic through
 * the shared error handler.
 *
 * <p>Thread-safe: each window is locked on its own; only the listener thread writes, the dashboard
 * reads a copy. Not on the frame path.
 */
final class OutcomeWindows implements ConsumerSeekAware {

  static final String ID = "gateway-dashboard-outcomes";

  /** How far back a newly assigned partition is read. */
  static final Duration HISTORY = Duration.ofMinutes(5);

  /**
   * One outcome.
   *
   * @param atMillis when telemetry recorded it, epoch ms
   * @param correct null when the frame had no ground truth
   */
  record Point(
      long atMillis,
      long frameSeq,
      String configId,
      double latencyMs,
      Boolean correct,
      double energyMillijoules) {}

  /** One stream's outcomes; the deque is guarded by the instance. */
  private static final class Window {
    final ArrayDeque<Point> points = new ArrayDeque<>();
    volatile long updatedMillis;
  }

  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final int perStream;
  private final int maxStreams;
  private final Clock clock;

  OutcomeWindows(int perStream, int maxStreams, Clock clock) {
    this.perStream = perStream;
    this.maxStreams = maxStreams;
    this.clock = clock;
  }

  @KafkaListener(
      id = ID,
      topics = Topics.OUTCOME_RECORDED,
      groupId = "gateway-dashboard-${random.uuid}",
      properties = {
        "auto.offset.reset=latest",
        "spring.json.value.default.type=io.inferedge.contracts.OutcomeRecorded"
      })
  void onOutcome(OutcomeRecorded outcome) {
    add(
        outcome.streamId(),
        new Point(
            outcome.occurredAt().toEpochMilli(),
            outcome.frameSeq(),
            outcome.plan().configId(),
            outcome.latencyMicros() / 1000.0,
            outcome.correct(),
            outcome.deviceEnergyMillijoules()));
  }

  @Override
  public void onPartitionsAssigned(
      Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
    callback.seekToTimestamp(assignments.keySet(), clock.millis() - HISTORY.toMillis());
  }

  void add(String streamId, Point point) {
    Window window = windows.get(streamId);
    if (window == null) {
      if (windows.size() >= maxStreams) {
        windows.entrySet().stream()
            .min(Comparator.comparingLong(e -> e.getValue().updatedMillis))
            .ifPresent(e -> windows.remove(e.getKey(), e.getValue()));
      }
      window = windows.computeIfAbsent(streamId, id -> new Window());
    }
    synchronized (window) {
      window.points.addLast(point);
      while (window.points.size() > perStream) {
        window.points.removeFirst();
      }
      window.updatedMillis = clock.millis();
    }
  }

  /** The stream's outcomes recorded at or after {@code sinceMillis}, in arrival order. */
  List<Point> of(String streamId, long sinceMillis) {
    Window window = windows.get(streamId);
    if (window == null) {
      return List.of();
    }
    synchronized (window) {
      return window.points.stream().filter(p -> p.atMillis() >= sinceMillis).toList();
    }
  }

  /** The stream's last {@code n} outcomes, oldest first. */
  List<Point> last(String streamId, int n) {
    Window window = windows.get(streamId);
    if (window == null) {
      return List.of();
    }
    synchronized (window) {
      int skip = Math.max(0, window.points.size() - n);
      return window.points.stream().skip(skip).toList();
    }
  }
}
