package io.inferedge.policy.profile;

/**
 * A constant link: the paper's {@code wifi-20} and {@code lte-8}. Variable links are traces ({@code
 * t_seconds,bandwidth_mbps,rtt_ms}), not profiles.
 *
 * @param name e.g. {@code lte-8}
 * @param source {@code emulated} (nominal figures)
 * @param bandwidthMbps uplink bandwidth
 * @param rttMs round-trip time
 * @param note where the figures come from
 */
public record LinkProfile(
    String name, String source, double bandwidthMbps, double rttMs, String note) {

  public LinkProfile {
    Profile.name("name", name);
    Sources.check("source", source);
    Profile.positive("bandwidthMbps", bandwidthMbps);
    Profile.positive("rttMs", rttMs);
  }
}
