package io.inferedge.gateway.frame;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers the frames of each stream when the client does not: 0, 1, 2, ... per stream, never going
 * back. A client-given number moves the stream's counter past it, so numbers assigned afterwards
 * still increase.
 *
 * <p>Thread-safe (a concurrent map of atomic counters). Holds one counter per stream seen since
 * start-up, in memory only: a restarted gateway starts again at 0, which downstream consumers see
 * as the same stream's new frames (they deduplicate on event ids, not frame numbers).
 */
final class FrameSequences {

  private final ConcurrentMap<String, AtomicLong> next = new ConcurrentHashMap<>();

  /** The next number of {@code streamId}. */
  long assign(String streamId) {
    return counter(streamId).getAndIncrement();
  }

  /** Records that the client numbered a frame of {@code streamId} itself. */
  void observe(String streamId, long frameSeq) {
    counter(streamId).accumulateAndGet(frameSeq + 1, Math::max);
  }

  private AtomicLong counter(String streamId) {
    return next.computeIfAbsent(streamId, id -> new AtomicLong());
  }
}
