package io.inferedge.policy.profile;

import java.util.Objects;

/**
 * One (cut, resolution) of a model: what the device sends and how long each tier computes, on the
 * profiling host. Frame skip is not part of it: it only changes how often the configuration runs.
 *
 * @param cut block boundary: 0 sends the frame, {@code blocks} runs everything on the device
 * @param resolution input side in pixels
 * @param bytesSent bytes the device transmits per processed frame: the grey frame at cut 0 (one
 *     byte per pixel), the float32 intermediate tensor at 0 < cut < blocks, 0 when device-only
 * @param deviceMicros preprocessing (resize) plus blocks {@code 1..cut} on the host
 * @param serverMicros blocks {@code cut+1..blocks} plus the classifier on the host; {@link
 *     LatencyDistribution#NONE} when device-only
 * @param latencySource {@code measured} or {@code emulated}
 */
public record Configuration(
    int cut,
    int resolution,
    long bytesSent,
    LatencyDistribution deviceMicros,
    LatencyDistribution serverMicros,
    String latencySource) {

  public Configuration {
    if (cut < 0) {
      throw new IllegalArgumentException("cut must be >= 0, was " + cut);
    }
    if (resolution < 1) {
      throw new IllegalArgumentException("resolution must be >= 1, was " + resolution);
    }
    if (bytesSent < 0) {
      throw new IllegalArgumentException("bytesSent must be >= 0, was " + bytesSent);
    }
    Objects.requireNonNull(deviceMicros, "deviceMicros must not be null");
    Objects.requireNonNull(serverMicros, "serverMicros must not be null");
    Sources.check("latencySource", latencySource);
  }
}
