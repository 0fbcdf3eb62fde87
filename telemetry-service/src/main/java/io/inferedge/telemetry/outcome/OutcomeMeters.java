package io.inferedge.telemetry.outcome;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every stored outcome as Micrometer meters, per stream (docs/metrics.md):
 *
 * <ul>
 *   <li>{@code telemetry.outcome.latency}, a timer of the frames' end-to-end latency with histogram
 *       buckets at the latency SLOs ({@link #SLO_BUCKETS}), so that Prometheus can give p50/p95
 *       ({@code histogram_quantile}) and the share within an SLO;
 *   <li>{@code telemetry.outcome.frames}, a counter tagged {@code correct} = {@code true}, {@code
 *       false} or {@code unknown} (no ground truth): accuracy is true / (true + false);
 *   <li>{@code telemetry.outcome.energy}, a distribution summary of the device energy per frame in
 *       millijoules, tagged {@code source} = {@code measured} or {@code emulated}.
 * </ul>
 *
 * <p>The {@code stream} tag takes the first {@value #MAX_STREAMS} stream ids this instance sees;
 * later streams are counted under {@value #OTHER}, so a client inventing stream ids cannot grow the
 * number of series without bound. Meters are registered once per stream and tag value and then
 * looked up in a map.
 *
 * <p>Thread-safe.
 */
final class OutcomeMeters {

  static final int MAX_STREAMS = 200;
  static final String OTHER = "other";

  /**
   * Latency SLO bucket bounds: frame rates (33 ms is 30 fps) and the requirement profiles' SLOs.
   */
  static final Duration[] SLO_BUCKETS = {
    Duration.ofMillis(10),
    Duration.ofMillis(20),
    Duration.ofMillis(33),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(150),
    Duration.ofMillis(200),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1)
  };

  private record StreamMeters(
      Timer latency,
      Counter correct,
      Counter wrong,
      Counter unknown,
      DistributionSummary measured,
      DistributionSummary emulated) {}

  private final MeterRegistry meters;
  private final ConcurrentHashMap<String, StreamMeters> streams = new ConcurrentHashMap<>();

  OutcomeMeters(MeterRegistry meters) {
    this.meters = meters;
  }

  void record(StoredOutcome outcome) {
    StreamMeters m = streamMeters(outcome.streamId());
    m.latency().record(outcome.latencyMicros(), TimeUnit.MICROSECONDS);
    Boolean correct = outcome.correct();
    (correct == null ? m.unknown() : correct ? m.correct() : m.wrong()).increment();
    (switch (outcome.energySource()) {
          case MEASURED -> m.measured();
          case EMULATED -> m.emulated();
        })
        .record(outcome.deviceEnergyMillijoules());
  }

  private StreamMeters streamMeters(String streamId) {
    StreamMeters known = streams.get(streamId);
    if (known != null) {
      return known;
    }
    return streams.computeIfAbsent(streams.size() < MAX_STREAMS ? streamId : OTHER, this::register);
  }

  private StreamMeters register(String stream) {
    return new StreamMeters(
        Timer.builder("telemetry.outcome.latency")
            .description("End-to-end latency of the frames whose outcome was recorded")
            .tag("stream", stream)
            .serviceLevelObjectives(SLO_BUCKETS)
            .register(meters),
        frames(stream, "true"),
        frames(stream, "false"),
        frames(stream, "unknown"),
        energy(stream, "measured"),
        energy(stream, "emulated"));
  }

  private Counter frames(String stream, String correct) {
    return Counter.builder("telemetry.outcome.frames")
        .description("Frames whose outcome was recorded, by correctness against the ground truth")
        .tag("stream", stream)
        .tag("correct", correct)
        .register(meters);
  }

  private DistributionSummary energy(String stream, String source) {
    return DistributionSummary.builder("telemetry.outcome.energy")
        .description("Device energy per frame (compute plus radio)")
        .baseUnit("millijoules")
        .tag("stream", stream)
        .tag("source", source.toLowerCase(Locale.ROOT))
        .register(meters);
  }
}
