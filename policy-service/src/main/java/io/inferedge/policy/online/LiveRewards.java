package io.inferedge.policy.online;

import io.inferedge.policy.PolicyProperties;
import io.inferedge.policy.decision.ActivePolicy;
import io.inferedge.policy.environment.PlanTable;
import io.inferedge.policy.profile.DeviceProfile;
import io.inferedge.policy.profile.Profile;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Live rewards per policy version, from {@link LiveExperience}, and the gauges {@code
 * policy.live.reward} and {@code policy.live.frames} of the active version over the last {@code
 * infer-edge.policy.online.live-window} (recomputed at most every {@value #GAUGE_SECONDS} s when
 * read). Thread-safe.
 */
@Service
public final class LiveRewards {

  static final int GAUGE_SECONDS = 15;

  private final LiveExperience experience;
  private final Profile profile;
  private final PolicyProperties properties;
  private final ActivePolicy active;
  private final Clock clock;
  private final Map<String, PlanTable> tables = new HashMap<>();
  private volatile LiveSummary cached;
  private volatile Instant cachedAt = Instant.MIN;

  LiveRewards(
      LiveExperience experience,
      Profile profile,
      PolicyProperties properties,
      ActivePolicy active,
      Clock clock,
      MeterRegistry meters) {
    this.experience = experience;
    this.profile = profile;
    this.properties = properties;
    this.active = active;
    this.clock = clock;
    for (DeviceProfile d : profile.devices()) {
      tables.put(d.name(), new PlanTable(profile, d));
    }
    if (!tables.containsKey(properties.online().device())) {
      throw new IllegalArgumentException(
          "infer-edge.policy.online.device must be a device of the profile "
              + tables.keySet()
              + ", was "
              + properties.online().device());
    }
    Gauge.builder("policy.live.reward", this, r -> nan(r.activeSummary().reward()))
        .description(
            "Live reward per frame of the active policy version over the live window"
                + " (NaN without live frames)")
        .register(meters);
    Gauge.builder("policy.live.frames", this, r -> r.activeSummary().frames())
        .description("Live frames of the active policy version over the live window")
        .register(meters);
  }

  private static double nan(Double value) {
    return value == null ? Double.NaN : value;
  }

  /** {@code version}'s live reward from decisions made in {@code [from, to)}. */
  public LiveSummary summary(String version, Instant from, Instant to) {
    return summarise(version, from, to, experience.frames(version, from, to));
  }

  /** {@code version}'s live reward over the last live window. */
  public LiveSummary recent(String version) {
    Instant now = clock.instant();
    return summary(version, now.minus(properties.online().liveWindow()), now);
  }

  /** The active version's recent live reward, cached for {@value #GAUGE_SECONDS} s. */
  LiveSummary activeSummary() {
    Instant now = clock.instant();
    String version = active.get().map(p -> Long.toString(p.version())).orElse("default");
    LiveSummary last = cached;
    if (last == null
        || !last.policyVersion().equals(version)
        || cachedAt.plus(Duration.ofSeconds(GAUGE_SECONDS)).isBefore(now)) {
      last = recent(version);
      cached = last;
      cachedAt = now;
    }
    return last;
  }

  /** Groups frames into decision windows and takes the frame-weighted mean reward. */
  LiveSummary summarise(String version, Instant from, Instant to, List<LiveFrame> frames) {
    Map<UUID, List<LiveFrame>> windows = new LinkedHashMap<>();
    for (LiveFrame f : frames) {
      windows.computeIfAbsent(f.decisionId(), id -> new java.util.ArrayList<>()).add(f);
    }
    long total = 0;
    double sum = 0;
    for (List<LiveFrame> window : windows.values()) {
      LiveReward.Window w = window(window);
      total += w.frames();
      sum += w.reward() * w.frames();
    }
    return new LiveSummary(
        version, from, to, windows.size(), total, frames.size(), total == 0 ? null : sum / total);
  }

  /** One decision window's reward. */
  LiveReward.Window window(List<LiveFrame> window) {
    LiveFrame first = window.get(0);
    PlanTable table = table(first.device());
    double accuracy = accuracy(table, first);
    return LiveReward.of(
        first.requirements(),
        first.plan().frameSkip(),
        window,
        table.referenceEnergyMj(),
        accuracy);
  }

  /** The plan table of a device class; the configured device for an unknown or missing one. */
  PlanTable table(String device) {
    PlanTable table = device == null ? null : tables.get(device);
    return table != null ? table : tables.get(properties.online().device());
  }

  private double accuracy(PlanTable table, LiveFrame f) {
    int model = profile.modelNames().indexOf(f.plan().modelVersion());
    int resolution = profile.resolutions().indexOf(f.plan().inputResolution());
    if (model < 0 || resolution < 0 || !table.exists(model, f.plan().cutPoint(), resolution)) {
      return 0;
    }
    return table.accuracy(table.index(model, f.plan().cutPoint(), resolution), false);
  }
}
