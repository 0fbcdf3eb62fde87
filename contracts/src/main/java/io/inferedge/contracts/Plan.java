package io.inferedge.contracts;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one frame is executed: which model version, where the network is cut between the device tier
 * and the server tier, the input resolution, and how often frames are processed.
 *
 * <p>{@code cutPoint} 0 sends the (resized) frame to the server tier; {@code k} runs blocks 1..k on
 * the device and the rest on the server; a cut equal to the model's block count runs everything on
 * the device. Whether a cut exists for a model is known only to the model registry, which rejects
 * impossible plans; this record only checks what is true of every model.
 *
 * @param modelVersion name of a model in the zoo, e.g. {@code small}
 * @param cutPoint block boundary after which the tensor moves to the server tier, {@code >= 0}
 * @param inputResolution side in pixels the 64x64 frame is resized to: 24, 32, 48 or 64
 * @param frameSkip process every 1st, 2nd or 4th frame; skipped frames reuse the last result
 */
public record Plan(String modelVersion, int cutPoint, int inputResolution, int frameSkip) {

  /** Input sides the models are trained and profiled at. */
  public static final Set<Integer> RESOLUTIONS = Set.of(24, 32, 48, 64);

  /** Allowed frame-skip factors. */
  public static final Set<Integer> FRAME_SKIPS = Set.of(1, 2, 4);

  private static final Pattern MODEL = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
  private static final Pattern CONFIG_ID =
      Pattern.compile("([a-z0-9][a-z0-9_-]{0,31})/c(\\d{1,2})/r(\\d{1,3})/s(\\d{1,2})");

  public Plan {
    if (modelVersion == null || !MODEL.matcher(modelVersion).matches()) {
      throw new IllegalArgumentException(
          "modelVersion must be 1-32 characters of [a-z0-9_-], was '" + modelVersion + "'");
    }
    if (cutPoint < 0 || cutPoint > 16) {
      throw new IllegalArgumentException("cutPoint must be in [0, 16], was " + cutPoint);
    }
    if (!RESOLUTIONS.contains(inputResolution)) {
      throw new IllegalArgumentException(
          "inputResolution must be one of 24, 32, 48, 64, was " + inputResolution);
    }
    if (!FRAME_SKIPS.contains(frameSkip)) {
      throw new IllegalArgumentException("frameSkip must be one of 1, 2, 4, was " + frameSkip);
    }
  }

  /**
   * Parses the stable text form produced by {@link #configId()}, such as {@code small/c2/r48/s1}.
   *
   * @throws IllegalArgumentException naming the malformed text or the bad part
   */
  public static Plan parse(String configId) {
    Matcher m = configId == null ? null : CONFIG_ID.matcher(configId);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "plan must look like model/c<cut>/r<resolution>/s<skip>, e.g. small/c2/r48/s1, was '"
              + configId
              + "'");
    }
    return new Plan(
        m.group(1),
        Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)),
        Integer.parseInt(m.group(4)));
  }

  /** The plan's stable identity, e.g. {@code small/c2/r48/s1}. */
  public String configId() {
    return modelVersion + "/c" + cutPoint + "/r" + inputResolution + "/s" + frameSkip;
  }

  @Override
  public String toString() {
    return configId();
  }
}
