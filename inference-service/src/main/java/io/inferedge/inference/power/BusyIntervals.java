package io.inferedge.inference.power;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * When this tier was computing frames: the real device-compute intervals that the plan executor
 * stamps, kept for a while so that the power model can turn them into emulated power. An interval
 * that has begun but not ended counts as busy up to the time asked about.
 *
 * <p>Thread-safe: request threads begin and end intervals while the sampling thread reads them.
 * Intervals older than the retention are forgotten, so memory stays bounded when nobody reads.
 */
public final class BusyIntervals {

  /** A compute interval in progress. */
  public interface Busy {
    /** Ends the interval at {@code endedAt}; later calls are ignored. */
    void end(Instant endedAt);
  }

  private static final class Interval {
    final long start;
    long end = Long.MAX_VALUE;

    Interval(long start) {
      this.start = start;
    }
  }

  /** A busy interval in microseconds since the epoch, {@code start < end}. */
  record Span(long startMicros, long endMicros) {}

  private final long retentionMicros;
  private final List<Interval> intervals = new ArrayList<>();

  public BusyIntervals() {
    this(Duration.ofMinutes(1));
  }

  BusyIntervals(Duration retention) {
    this.retentionMicros = micros(Instant.EPOCH.plus(retention));
  }

  /** Starts a compute interval at {@code startedAt}. */
  public Busy begin(Instant startedAt) {
    long start = micros(startedAt);
    Interval interval = new Interval(start);
    synchronized (this) {
      forgetEndedBefore(start - retentionMicros);
      intervals.add(interval);
    }
    return endedAt -> {
      synchronized (this) {
        if (interval.end == Long.MAX_VALUE) {
          interval.end = Math.max(interval.start, micros(endedAt));
        }
      }
    };
  }

  /**
   * The union of the busy intervals within {@code [from, to]} (microseconds since the epoch), each
   * clipped to it, in time order and without overlaps; intervals still open run to {@code to}.
   */
  synchronized List<Span> busyBetween(long from, long to) {
    List<Span> clipped = new ArrayList<>();
    for (Interval interval : intervals) {
      long start = Math.max(interval.start, from);
      long end = Math.min(interval.end, to);
      if (start < end) {
        clipped.add(new Span(start, end));
      }
    }
    clipped.sort(Comparator.comparingLong(Span::startMicros));
    List<Span> merged = new ArrayList<>();
    for (Span span : clipped) {
      Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && span.startMicros() <= last.endMicros()) {
        merged.set(
            merged.size() - 1,
            new Span(last.startMicros(), Math.max(last.endMicros(), span.endMicros())));
      } else {
        merged.add(span);
      }
    }
    return merged;
  }

  /** Whether some interval covers the instant {@code at} (microseconds since the epoch). */
  synchronized boolean busyAt(long at) {
    for (Interval interval : intervals) {
      if (interval.start <= at && at < interval.end) {
        return true;
      }
    }
    return false;
  }

  synchronized int size() {
    return intervals.size();
  }

  private void forgetEndedBefore(long horizon) {
    for (Iterator<Interval> it = intervals.iterator(); it.hasNext(); ) {
      if (it.next().end < horizon) {
        it.remove();
      }
    }
  }

  static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
