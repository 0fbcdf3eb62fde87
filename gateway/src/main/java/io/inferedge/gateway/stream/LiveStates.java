package io.inferedge.gateway.stream;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link LiveState} of every stream that sent frames recently. A stream idle for longer than
 * the idle time is forgotten (swept at most every eighth of the idle time, on the frame path); at
 * most {@code maxStreams} are kept, the least recently seen going first. A forgotten stream starts
 * again from the link profile's estimates; its registration (requirements) is not affected.
 *
 * <p>Thread-safe: a concurrent map; sweeps may run concurrently and only remove idle entries.
 */
public final class LiveStates {

  private final Map<String, LiveState> states = new ConcurrentHashMap<>();
  private final double linkBandwidthMbps;
  private final double linkRttMs;
  private final double sceneCutThreshold;
  private final int logSize;
  private final long idleNanos;
  private final int maxStreams;
  private final AtomicLong lastSweep = new AtomicLong();

  public LiveStates(
      double linkBandwidthMbps,
      double linkRttMs,
      double sceneCutThreshold,
      int logSize,
      long idleNanos,
      int maxStreams,
      long nowNanos) {
    this.linkBandwidthMbps = linkBandwidthMbps;
    this.linkRttMs = linkRttMs;
    this.sceneCutThreshold = sceneCutThreshold;
    this.logSize = logSize;
    this.idleNanos = idleNanos;
    this.maxStreams = maxStreams;
    this.lastSweep.set(nowNanos);
  }

  /** The stream's state, created when it has none. */
  public LiveState get(String streamId, long nowNanos) {
    sweep(nowNanos);
    LiveState state = states.get(streamId);
    if (state == null) {
      if (states.size() >= maxStreams) {
        evictLeastRecent();
      }
      state =
          states.computeIfAbsent(
              streamId,
              id ->
                  new LiveState(
                      linkBandwidthMbps, linkRttMs, sceneCutThreshold, logSize, nowNanos));
    }
    state.touch(nowNanos);
    return state;
  }

  /** The stream's state if it has one. */
  public Optional<LiveState> find(String streamId) {
    return Optional.ofNullable(states.get(streamId));
  }

  /** Forgets a stream (it was deleted). */
  public void remove(String streamId) {
    states.remove(streamId);
  }

  public int size() {
    return states.size();
  }

  /** Forgets the streams idle for longer than the idle time; at most every idle time / 8. */
  void sweep(long nowNanos) {
    long last = lastSweep.get();
    if (nowNanos - last < idleNanos / 8 || !lastSweep.compareAndSet(last, nowNanos)) {
      return;
    }
    states.entrySet().removeIf(e -> nowNanos - e.getValue().lastSeenNanos() > idleNanos);
  }

  private void evictLeastRecent() {
    states.entrySet().stream()
        .min(Comparator.comparingLong(e -> e.getValue().lastSeenNanos()))
        .ifPresent(e -> states.remove(e.getKey(), e.getValue()));
  }
}
