package io.inferedge.inference.link;

import io.inferedge.inference.InferenceProperties;

/**
 * The link to the server tier as this instance emulates it: the configured link profile's constant
 * bandwidth and RTT, or, when the profile names a trace, the trace's row in force at the moment of
 * sending, replayed from this object's creation (the instance's start). The trace is loaded at
 * construction, so a missing or malformed trace stops the instance at start with a message naming
 * the file and line.
 *
 * <p>Thread-safe: immutable.
 */
public final class EmulatedLink {

  private final InferenceProperties.LinkProfile profile;
  private final LinkTrace trace;
  private final long startedNanos;

  public EmulatedLink(InferenceProperties.LinkProfile profile, long startedNanos) {
    this.profile = profile;
    this.trace = profile.trace() == null ? null : LinkTrace.load(profile.trace());
    this.startedNanos = startedNanos;
  }

  /** Whether the device tier sleeps the link's time (false: the real network is the link). */
  public boolean emulated() {
    return profile.emulated();
  }

  /** The link at {@code nanoTime} (a {@link System#nanoTime()} reading). */
  public LinkTrace.Conditions at(long nanoTime) {
    if (trace == null) {
      return new LinkTrace.Conditions(
          profile.bandwidthMbps() == null ? Double.NaN : profile.bandwidthMbps(),
          profile.rttMillis());
    }
    return trace.at((nanoTime - startedNanos) / 1e9);
  }

  /** The emulated time to send {@code bytes} at {@code nanoTime}: rtt + bytes * 8 / bandwidth. */
  public long transferNanos(long bytes, long nanoTime) {
    LinkTrace.Conditions now = at(nanoTime);
    return transferNanos(now.bandwidthMbps(), now.rttMillis(), bytes);
  }

  /** rtt + bytes * 8 / bandwidth, in nanoseconds. */
  public static long transferNanos(double bandwidthMbps, double rttMillis, long bytes) {
    double rttNanos = rttMillis * 1e6;
    // bandwidth in Mbit/s = bits per microsecond, so bits / bandwidth is microseconds.
    double sendNanos = bytes * 8.0 / bandwidthMbps * 1e3;
    return Math.round(rttNanos + sendNanos);
  }
}
