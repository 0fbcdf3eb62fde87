package io.inferedge.inference;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the inference service, under {@code infer-edge.inference}.
 *
 * @param modelDir directory whose subdirectories holding a {@code manifest.json} are the model zoo;
 *     relative paths resolve against the working directory (the launcher passes an absolute one)
 * @param deviceId this instance's identity in published records, e.g. {@code device-1}
 * @param role the tier this instance plays; only {@code device} executes frames today
 * @param predictorsPerModel predictors (concurrent workers) per model; defaults to the number of
 *     available processors
 * @param acquireTimeout how long a request waits for a free predictor before it is refused with 503
 */
@ConfigurationProperties("infer-edge.inference")
public record InferenceProperties(
    @DefaultValue("models") Path modelDir,
    @DefaultValue("device-1") String deviceId,
    @DefaultValue("device") TierRole role,
    Integer predictorsPerModel,
    @DefaultValue("2s") Duration acquireTimeout) {

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
  }
}
