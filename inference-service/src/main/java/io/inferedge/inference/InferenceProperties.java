package io.inferedge.inference;

import io.inferedge.inference.power.PowerSourceKind;
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
 * @param role the tier this instance plays; only {@code device} executes frames today
 * @param predictorsPerModel predictors (concurrent workers) per model; defaults to the number of
 *     available processors
 * @param acquireTimeout how long a request waits for a free predictor before it is refused with 503
 * @param deviceProfile the name of this device's profile in {@code deviceProfiles}
 * @param linkProfile the name of the link to the server tier in {@code linkProfiles}
 * @param deviceProfiles every known device profile by name
 * @param linkProfiles every known link profile by name
 * @param power how the device tier samples its power
 */
@ConfigurationProperties("infer-edge.inference")
public record InferenceProperties(
    @DefaultValue("models") Path modelDir,
    @DefaultValue("device-1") String deviceId,
    @DefaultValue("device") TierRole role,
    Integer predictorsPerModel,
    @DefaultValue("2s") Duration acquireTimeout,
    @DefaultValue("host") String deviceProfile,
    @DefaultValue("wifi-20") String linkProfile,
    Map<String, DeviceProfile> deviceProfiles,
    Map<String, LinkProfile> linkProfiles,
    @DefaultValue Power power) {

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
   * What a device class draws. The power model is {@code idle + (active - idle) * busy}, where
   * {@code busy} is 1 while the tier computes a frame and 0 otherwise; it stands in for a power
   * sensor where none is readable, and its figures are labelled emulated.
   *
   * @param idleMilliwatts board power while no frame is computed
   * @param activeMilliwatts board power while a frame is computed
   */
  public record DeviceProfile(double idleMilliwatts, double activeMilliwatts) {
    public DeviceProfile {
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
   * @param bandwidthMbps the link's uplink bandwidth in Mbit/s
   * @param transmitMilliwatts what the device's radio draws while it sends on this link; times the
   *     transfer time it is a frame's radio energy
   */
  public record LinkProfile(double bandwidthMbps, double transmitMilliwatts) {
    public LinkProfile {
      if (!(bandwidthMbps > 0) || !Double.isFinite(bandwidthMbps)) {
        throw new IllegalArgumentException(
            "bandwidthMbps must be a finite number > 0, was " + bandwidthMbps);
      }
      if (!(transmitMilliwatts >= 0) || !Double.isFinite(transmitMilliwatts)) {
        throw new IllegalArgumentException(
            "transmitMilliwatts must be a finite number >= 0, was " + transmitMilliwatts);
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
