package io.inferedge.inference;

import io.inferedge.inference.power.PowerSourceKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the inference service, under {@code infer-edge.inference}. The device and link
 * profiles are configuration, not code: {@code tier-profiles.yml} (imported by {@code
 * application.yml}) defines them with the published figures they are calibrated from.
 *
 * @param modelDir directory whose subdirectories holding a {@code manifest.json} are the model zoo;
 *     relative paths resolve against the working directory (the launcher passes an absolute one)
 * @param deviceId this instance's identity in published records, e.g. {@code device-1}
 * @param role the tier this instance plays: a {@code device} takes frames on {@code
 *     /api/v1/inferences}, runs the head of each plan and sends the rest to the server tier; a
 *     {@code server} takes tensors on {@code /api/v1/tensors} and runs their tails in batches
 * @param serverUrl device role: the base URL of the server-tier instance, e.g. {@code
 *     http://localhost:8084}; absent means there is no server tier and split plans are refused
 * @param serverTimeout device role: the longest a tensor's round trip to the server tier may take
 *     (connect included, the emulated link time excluded) before the frame fails with 504
 * @param predictorsPerModel predictors (concurrent workers) per signature of each model ({@code
 *     full}, each {@code head_k} and {@code tail_k}); defaults to the number of available
 *     processors
 * @param acquireTimeout how long a request waits for a free predictor before it is refused with 503
 * @param deviceProfile the name of this device's profile in {@code deviceProfiles}
 * @param linkProfile the name of the link to the server tier in {@code linkProfiles}
 * @param deviceProfiles every known device profile by name
 * @param linkProfiles every known link profile by name
 * @param power how the device tier samples its power
 * @param batching server role: how the tails of several devices' tensors are batched
 */
@ConfigurationProperties("infer-edge.inference")
public record InferenceProperties(
    @DefaultValue("models") Path modelDir,
    @DefaultValue("device-1") String deviceId,
    @DefaultValue("device") TierRole role,
    URI serverUrl,
    @DefaultValue("2s") Duration serverTimeout,
    Integer predictorsPerModel,
    @DefaultValue("2s") Duration acquireTimeout,
    @DefaultValue("host") String deviceProfile,
    @DefaultValue("wifi-20") String linkProfile,
    Map<String, DeviceProfile> deviceProfiles,
    Map<String, LinkProfile> linkProfiles,
    @DefaultValue Power power,
    @DefaultValue Batching batching) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public InferenceProperties {
    if (deviceId == null || !ID.matcher(deviceId).matches()) {
      throw new IllegalArgumentException(
          "deviceId must be 1-64 characters of [A-Za-z0-9._-], was '" + deviceId + "'");
    }
    if (predictorsPerModel == null) {
      predictorsPerModel = Runtime.getRuntime().availableProcessors();
    }
    if (predictorsPerModel < 1 || predictorsPerModel > 256) {
      throw new IllegalArgumentException(
          "predictorsPerModel must be in [1, 256], was " + predictorsPerModel);
    }
    if (serverUrl != null
        && (!serverUrl.isAbsolute()
            || serverUrl.getHost() == null
            || !("http".equals(serverUrl.getScheme()) || "https".equals(serverUrl.getScheme())))) {
      throw new IllegalArgumentException(
          "serverUrl must be an absolute http(s) URL such as http://localhost:8084, was '"
              + serverUrl
              + "'");
    }
    if (serverTimeout.isNegative()
        || serverTimeout.isZero()
        || serverTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("serverTimeout must be in (0, 5m], was " + serverTimeout);
    }
    if (acquireTimeout.isNegative()) {
      throw new IllegalArgumentException("acquireTimeout must be >= 0, was " + acquireTimeout);
    }
    deviceProfiles = deviceProfiles == null ? Map.of() : Map.copyOf(deviceProfiles);
    linkProfiles = linkProfiles == null ? Map.of() : Map.copyOf(linkProfiles);
    if (!deviceProfiles.containsKey(deviceProfile)) {
      throw new IllegalArgumentException(
          "deviceProfile must name one of deviceProfiles "
              + deviceProfiles.keySet()
              + ", was '"
              + deviceProfile
              + "'");
    }
    if (!linkProfiles.containsKey(linkProfile) || !ID.matcher(linkProfile).matches()) {
      throw new IllegalArgumentException(
          "linkProfile must name one of linkProfiles "
              + linkProfiles.keySet()
              + ", was '"
              + linkProfile
              + "'");
    }
  }

  /** The profile of this device, from {@code deviceProfiles}. */
  public DeviceProfile device() {
    return deviceProfiles.get(deviceProfile);
  }

  /** The link to the server tier, from {@code linkProfiles}. */
  public LinkProfile link() {
    return linkProfiles.get(linkProfile);
  }

  /**
   * What a device class draws and how fast it computes. The power model is {@code idle + (active -
   * idle) * busy}, where {@code busy} is 1 while the tier computes a frame and 0 otherwise; it
   * stands in for a power sensor where none is readable, and its figures are labelled emulated.
   *
   * @param idleMilliwatts board power while no frame is computed
   * @param activeMilliwatts board power while a frame is computed
   * @param slowdown how many times longer this device computes than this host, >= 1: after the real
   *     device compute time t on this host the tier sleeps {@code (slowdown - 1) * t} (emulated),
   *     so wall time is what the device would take
   */
  public record DeviceProfile(
      double idleMilliwatts, double activeMilliwatts, @DefaultValue("1") double slowdown) {

    public DeviceProfile {
      if (!(slowdown >= 1) || !Double.isFinite(slowdown) || slowdown > 1000) {
        throw new IllegalArgumentException("slowdown must be in [1, 1000], was " + slowdown);
      }
      if (!(idleMilliwatts >= 0) || !Double.isFinite(idleMilliwatts)) {
        throw new IllegalArgumentException(
            "idleMilliwatts must be a finite number >= 0, was " + idleMilliwatts);
      }
      if (!(activeMilliwatts >= idleMilliwatts) || !Double.isFinite(activeMilliwatts)) {
        throw new IllegalArgumentException(
            "activeMilliwatts must be a finite number >= idleMilliwatts ("
                + idleMilliwatts
                + "), was "
                + activeMilliwatts);
      }
    }
  }

  /**
   * A link between the device tier and the server tier.
   *
   * @param bandwidthMbps the link's uplink bandwidth in Mbit/s; required when emulated
   * @param transmitMilliwatts what the device's radio draws while it sends on this link; times the
   *     transfer time it is a frame's radio energy
   * @param rttMillis the link's round-trip time in milliseconds
   * @param emulated whether the device tier emulates this link: it sleeps {@code rtt + bytes * 8 /
   *     bandwidth} before it sends a tensor over the real network (loopback here). When false the
   *     real network between the tiers is the link (a real deployment, or loopback for profiling):
   *     nothing is slept and the transfer time is only measured
   * @param trace an emulated link's trace instead of a constant bandwidth and RTT: a CSV {@code
   *     t_seconds,bandwidth_mbps,rtt_ms} at {@code classpath:<resource>} or a file path, replayed
   *     in wall time from the instance's start and looping; the bandwidth and RTT in force when a
   *     tensor is sent are slept (see {@link io.inferedge.inference.link.EmulatedLink}). Null: the
   *     constant {@code bandwidthMbps} and {@code rttMillis}
   */
  public record LinkProfile(
      Double bandwidthMbps,
      double transmitMilliwatts,
      @DefaultValue("0") double rttMillis,
      @DefaultValue("true") boolean emulated,
      String trace) {

    public LinkProfile {
      if (trace != null && trace.isBlank()) {
        trace = null;
      }
      if (trace != null && !emulated) {
        throw new IllegalArgumentException(
            "trace needs an emulated link (emulated: true), was set to '" + trace + "'");
      }
      if (emulated
          && trace == null
          && (bandwidthMbps == null || !(bandwidthMbps > 0) || !Double.isFinite(bandwidthMbps))) {
        throw new IllegalArgumentException(
            "bandwidthMbps must be a finite number > 0 on an emulated link without a trace, was "
                + bandwidthMbps);
      }
      if (!(rttMillis >= 0) || !Double.isFinite(rttMillis)) {
        throw new IllegalArgumentException(
            "rttMillis must be a finite number >= 0, was " + rttMillis);
      }
      if (!(transmitMilliwatts >= 0) || !Double.isFinite(transmitMilliwatts)) {
        throw new IllegalArgumentException(
            "transmitMilliwatts must be a finite number >= 0, was " + transmitMilliwatts);
      }
    }
  }

  /**
   * Dynamic batching on a server-role instance: tensors of the same model, cut and shape that wait
   * together run as one predictor call.
   *
   * @param maxBatchSize the most tensors stacked into one call
   * @param maxDelay 0: a batch is whatever queued while the previous batch of its queue ran (no
   *     added wait); above 0: a batch waits up to this long after its first tensor arrived for more
   *     tensors, unless it fills first
   */
  public record Batching(
      @DefaultValue("8") int maxBatchSize, @DefaultValue("0ms") Duration maxDelay) {
    public Batching {
      if (maxBatchSize < 1 || maxBatchSize > 1024) {
        throw new IllegalArgumentException(
            "maxBatchSize must be in [1, 1024], was " + maxBatchSize);
      }
      if (maxDelay.isNegative() || maxDelay.compareTo(Duration.ofSeconds(1)) > 0) {
        throw new IllegalArgumentException("maxDelay must be in [0, 1s], was " + maxDelay);
      }
    }
  }

  /**
   * Power sampling on a device-role instance (a server-role instance never samples).
   *
   * @param enabled whether to sample and publish power at all
   * @param source where power comes from; {@code auto} picks the first readable of INA3221 sysfs,
   *     {@code tegrastats}, Intel RAPL, then the device profile's power model
   * @param period time between two samples
   * @param batchSize samples per published {@code PowerSampled} record at most
   * @param maxBatchDelay the longest a sample waits before its batch is published
   * @param sysfsRoot the directory that holds {@code sys/}: {@code /} on a real board, a fake tree
   *     in tests
   * @param tegrastatsCommand the {@code tegrastats} executable and any arguments before {@code
   *     --interval}
   */
  public record Power(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("auto") PowerSourceKind source,
      @DefaultValue("100ms") Duration period,
      @DefaultValue("10") int batchSize,
      @DefaultValue("1s") Duration maxBatchDelay,
      @DefaultValue("/") Path sysfsRoot,
      @DefaultValue("tegrastats") String tegrastatsCommand) {
    public Power {
      if (period.compareTo(Duration.ofMillis(10)) < 0
          || period.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("period must be in [10ms, 1m], was " + period);
      }
      if (batchSize < 1 || batchSize > 10_000) {
        throw new IllegalArgumentException("batchSize must be in [1, 10000], was " + batchSize);
      }
      if (maxBatchDelay.isNegative()) {
        throw new IllegalArgumentException("maxBatchDelay must be >= 0, was " + maxBatchDelay);
      }
      if (tegrastatsCommand == null || tegrastatsCommand.isBlank()) {
        throw new IllegalArgumentException("tegrastatsCommand must not be blank");
      }
    }
  }
}
