package io.inferedge.gateway.dashboard;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last frames the gateway answered, of every stream, for the dashboard's latency and decision
 * charts: a fixed ring of {@code capacity} samples that the frame path writes with one call (an
 * atomic increment and an array store, no lock) and the dashboard scans when it asks. When the ring
 * is full the oldest samples are overwritten, so memory is bounded whatever the number of streams;
 * with 8,192 samples and 60 frames/s in all, the last two minutes are kept.
 *
 * <p>Thread-safe and lock-free. A reader racing a writer may see a slot's previous or new sample,
 * never a torn one (samples are immutable); it sorts what it collects by sequence.
 */
public final class FrameTimeline {

  /**
   * One answered frame.
   *
   * @param seq the ring's sequence number (total order of recording)
   * @param atMillis when the answer was ready, epoch ms
   * @param configId the plan that produced the answer
   * @param reused true when the plan's frame skip answered it from the last result
   * @param gatewayMicros from receipt to answer at the gateway
   */
  public record Sample(
      long seq,
      long atMillis,
      String streamId,
      long frameSeq,
      String configId,
      boolean reused,
      long gatewayMicros) {}

  private final AtomicReferenceArray<Sample> ring;
  private final int mask;
  private final AtomicLong next = new AtomicLong();
  private final Clock clock;

  /**
   * @param capacity samples kept, a power of two
   */
  public FrameTimeline(int capacity, Clock clock) {
    if (capacity <= 0 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two, was " + capacity);
    }
    this.ring = new AtomicReferenceArray<>(capacity);
    this.mask = capacity - 1;
    this.clock = clock;
  }

  /** Records an answered frame: the frame path's only call into the dashboard. */
  public void record(
      String streamId, long frameSeq, String configId, boolean reused, long gatewayMicros) {
    long seq = next.getAndIncrement();
    ring.lazySet(
        (int) (seq & mask),
        new Sample(seq, clock.millis(), streamId, frameSeq, configId, reused, gatewayMicros));
  }

  /**
   * The stream's samples still in the ring, recorded at or after {@code sinceMillis}, oldest first.
   */
  List<Sample> of(String streamId, long sinceMillis) {
    List<Sample> found = new ArrayList<>();
    for (int i = 0; i < ring.length(); i++) {
      Sample s = ring.get(i);
      if (s != null && s.atMillis() >= sinceMillis && s.streamId().equals(streamId)) {
        found.add(s);
      }
    }
    found.sort((a, b) -> Long.compare(a.seq(), b.seq()));
    return found;
  }

  /** Every sample still in the ring, oldest first. */
  List<Sample> all() {
    List<Sample> found = new ArrayList<>();
    for (int i = 0; i < ring.length(); i++) {
      Sample s = ring.get(i);
      if (s != null) {
        found.add(s);
      }
    }
    found.sort((a, b) -> Long.compare(a.seq(), b.seq()));
    return found;
  }
}
