package io.inferedge.gateway.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the gateway's in-process decisions and live per-stream state, under {@code
 * infer-edge.gateway}. Validated at start-up. Immutable.
 *
 * @param deviceProfile the device class the device tier runs as (a device of the measured profile)
 * @param linkProfile the link profile whose bandwidth and RTT a stream starts from before any
 *     transfer is seen (a link of the measured profile)
 * @param streamIdle how long a stream may send no frame before its live state is forgotten
 * @param maxStreams how many streams' live state is kept at most (the least recent goes first)
 * @param decisionLogSize how many decisions are kept per stream
 * @param sceneCutThreshold mean absolute grey difference, in (0, 1], above which a frame is a cut
 */
@ConfigurationProperties("infer-edge.gateway")
public record DecisionProperties(
    @DefaultValue("jetson-tx2") String deviceProfile,
    @DefaultValue("wifi-20") String linkProfile,
    @DefaultValue("10m") Duration streamIdle,
    @DefaultValue("10000") int maxStreams,
    @DefaultValue("100") int decisionLogSize,
    @DefaultValue("0.25") double sceneCutThreshold) {

  public DecisionProperties {
    if (deviceProfile == null || deviceProfile.isBlank()) {
      throw new IllegalArgumentException("deviceProfile must not be blank");
    }
    if (linkProfile == null || linkProfile.isBlank()) {
      throw new IllegalArgumentException("linkProfile must not be blank");
    }
    if (streamIdle == null || streamIdle.isNegative() || streamIdle.isZero()) {
      throw new IllegalArgumentException("streamIdle must be > 0, was " + streamIdle);
    }
    if (maxStreams < 1) {
      throw new IllegalArgumentException("maxStreams must be >= 1, was " + maxStreams);
    }
    if (decisionLogSize < 1) {
      throw new IllegalArgumentException("decisionLogSize must be >= 1, was " + decisionLogSize);
    }
    if (!(sceneCutThreshold > 0 && sceneCutThreshold <= 1)) {
      throw new IllegalArgumentException(
          "sceneCutThreshold must be in (0, 1], was " + sceneCutThreshold);
    }
  }
}
