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
 * @param precision how the tensor crossing the link is encoded: {@link Precision#FP32} (the
 *     default, and what a record without the field reads as) or {@link Precision#INT8} with its
 *     scale, a quarter of the bytes; meaningless, and ignored, for plans that send nothing
 */
public record Plan(
    String modelVersion, int cutPoint, int inputResolution, int frameSkip, Precision precision) {

  /** The encoding of the tensor a split plan sends from the device tier to the server tier. */
  public enum Precision {
    /** 32-bit floats, exactly what the head produced. */
    FP32,
    /** Symmetric 8-bit integers with one scale per tensor ({@code value = q * scale}). */
    INT8
  }

  /** Input sides the models are trained and profiled at. */
  public static final Set<Integer> RESOLUTIONS = Set.of(24, 32, 48, 64);

  /** Allowed frame-skip factors. */
  public static final Set<Integer> FRAME_SKIPS = Set.of(1, 2, 4);

  private static final Pattern MODEL = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
  private static final Pattern CONFIG_ID =
      Pattern.compile("([a-z0-9][a-z0-9_-]{0,31})/c(\\d{1,2})/r(\\d{1,3})/s(\\d{1,2})(/q8)?");

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
    if (precision == null) {
      precision = Precision.FP32;
    }
  }

  /** A plan that sends fp32 tensors. */
  public Plan(String modelVersion, int cutPoint, int inputResolution, int frameSkip) {
    this(modelVersion, cutPoint, inputResolution, frameSkip, Precision.FP32);
  }

  /**
   * Parses the stable text form produced by {@link #configId()}, such as {@code small/c2/r48/s1}
   * or, for int8 tensors, {@code small/c2/r48/s1/q8}.
   *
   * @throws IllegalArgumentException naming the malformed text or the bad part
   */
  public static Plan parse(String configId) {
    Matcher m = configId == null ? null : CONFIG_ID.matcher(configId);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "plan must look like model/c<cut>/r<resolution>/s<skip>[/q8], e.g. small/c2/r48/s1, was '"
              + configId
              + "'");
    }
    return new Plan(
        m.group(1),
        Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)),
        Integer.parseInt(m.group(4)),
        m.group(5) == null ? Precision.FP32 : Precision.INT8);
  }

  /** The plan's stable identity, e.g. {@code small/c2/r48/s1}, {@code small/c2/r48/s1/q8}. */
  public String configId() {
    return modelVersion
        + "/c"
        + cutPoint
        + "/r"
        + inputResolution
        + "/s"
        + frameSkip
        + (precision == Precision.INT8 ? "/q8" : "");
  }

  @Override
  public String toString() {
    return configId();
  }
}
