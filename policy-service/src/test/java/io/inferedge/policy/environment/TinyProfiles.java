package io.inferedge.policy.environment;

import io.inferedge.policy.profile.Configuration;
import io.inferedge.policy.profile.DeviceProfile;
import io.inferedge.policy.profile.LatencyDistribution;
import io.inferedge.policy.profile.LinkProfile;
import io.inferedge.policy.profile.ModelProfile;
import io.inferedge.policy.profile.Profile;
import java.util.List;
import java.util.Map;

/** A one-model, one-block profile with exact (jitter-free) latencies, for hand-computed cases. */
final class TinyProfiles {

  private TinyProfiles() {}

  /**
   * Model {@code m}, one block, resolution 64 only. Cut 0: device 100 us, server 1000 us, 4096
   * bytes. Cut 1 (device-only): device 2000 us. Accuracy 0.8 calm, 0.6 busy. Device {@code d}:
   * slowdown 10, 5 W active, 1 W radio. 10 frames per second.
   */
  static Profile tiny() {
    LatencyDistribution d100 = new LatencyDistribution(100, 100, 100);
    LatencyDistribution s1000 = new LatencyDistribution(1000, 1000, 1000);
    LatencyDistribution d2000 = new LatencyDistribution(2000, 2000, 2000);
    ModelProfile m =
        new ModelProfile(
            "m",
            "emulated",
            1,
            List.of(4),
            50,
            Map.of(64, 1000L),
            Map.of(Profile.CALM, Map.of(64, 0.8), Profile.BUSY, Map.of(64, 0.6)),
            "emulated",
            "test",
            List.of(
                new Configuration(0, 64, 4096, d100, s1000, "emulated"),
                new Configuration(1, 64, 0, d2000, LatencyDistribution.NONE, "emulated")));
    return new Profile(
        Profile.FORMAT_VERSION,
        "tiny",
        "test",
        "test",
        10,
        List.of(64),
        List.of(m),
        List.of(new DeviceProfile("d", "emulated", 10, 1, 5, 1, "test")),
        List.of(new LinkProfile("l", "emulated", 8, 50, "test")));
  }
}
