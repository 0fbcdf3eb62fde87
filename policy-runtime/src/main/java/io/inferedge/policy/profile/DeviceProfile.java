package io.inferedge.policy.profile;

/**
 * A device class: how much slower than the profiling host it computes, and its power model.
 *
 * @param name e.g. {@code jetson-tx2}
 * @param source {@code measured} (the host itself) or {@code emulated}
 * @param slowdown device compute time = host compute time x slowdown, {@code > 0}
 * @param idleWatts power when idle (reported, not charged per frame)
 * @param activeWatts power while computing a frame
 * @param radioTransmitWatts power while transmitting
 * @param note where the figures come from
 */
public record DeviceProfile(
    String name,
    String source,
    double slowdown,
    double idleWatts,
    double activeWatts,
    double radioTransmitWatts,
    String note) {

  public DeviceProfile {
    Profile.name("name", name);
    Sources.check("source", source);
    Profile.positive("slowdown", slowdown);
    Profile.positive("idleWatts", idleWatts);
    Profile.positive("activeWatts", activeWatts);
    Profile.positive("radioTransmitWatts", radioTransmitWatts);
  }
}
