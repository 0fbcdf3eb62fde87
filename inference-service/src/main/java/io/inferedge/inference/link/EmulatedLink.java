package io.inferedge.inference.link;

import io.inferedge.inference.InferenceProperties;
import io.inferedge.policy.environment.LinkTrace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The link to the server tier as this instance emulates it: the configured link profile's constant
 * bandwidth and RTT, or, when the profile names a trace, the trace's row in force at the moment of
 * sending, replayed from this object's creation (the instance's start). The trace is loaded at
 * construction, so a missing or malformed trace stops the instance at start with a message naming
 * the file and row. The trace format and its replay (a row holds until the next row's time; the
 * trace loops) are the policy emulator's: {@link LinkTrace}.
 *
 * <p>Thread-safe: immutable.
 */
public final class EmulatedLink {

  private final InferenceProperties.LinkProfile profile;
  private final LinkTrace trace;
  private final long startedNanos;

  public EmulatedLink(InferenceProperties.LinkProfile profile, long startedNanos) {
    this.profile = profile;
    this.trace = profile.trace() == null ? null : load(profile.trace());
    this.startedNanos = startedNanos;
  }

  /** Whether the device tier sleeps the link's time (false: the real network is the link). */
  public boolean emulated() {
    return profile.emulated();
  }

  /** The link at {@code nanoTime} (a {@link System#nanoTime()} reading). */
  public Conditions at(long nanoTime) {
    if (trace == null) {
      return new Conditions(
          profile.bandwidthMbps() == null ? Double.NaN : profile.bandwidthMbps(),
          profile.rttMillis());
    }
    double seconds = (nanoTime - startedNanos) / 1e9;
    return new Conditions(trace.bandwidthAt(seconds), trace.rttAt(seconds));
  }

  /** The link's bandwidth and round-trip time at one moment. */
  public record Conditions(double bandwidthMbps, double rttMillis) {}

  /**
   * Reads a trace from {@code classpath:<resource>} or a file path.
   *
   * @throws IllegalArgumentException naming the location (and the row) when it is missing or
   *     malformed
   */
  public static LinkTrace load(String location) {
    try (InputStream in = open(location)) {
      return LinkTrace.read(location, in);
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalArgumentException("cannot read link trace " + location + ": " + e, e);
    }
  }

  private static InputStream open(String location) throws IOException {
    if (location.startsWith("classpath:")) {
      String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
      InputStream in = EmulatedLink.class.getClassLoader().getResourceAsStream(resource);
      if (in == null) {
        throw new IOException("no such resource on the classpath");
      }
      return in;
    }
    return Files.newInputStream(Path.of(location));
  }

  /** The emulated time to send {@code bytes} at {@code nanoTime}: rtt + bytes * 8 / bandwidth. */
  public long transferNanos(long bytes, long nanoTime) {
    Conditions now = at(nanoTime);
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
