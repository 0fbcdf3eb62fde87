package io.inferedge.inference.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.inferedge.contracts.Plan;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the model zoo trainer writes next to a SavedModel in {@code manifest.json}: the facts the
 * registry, the API and the policy need without opening the graph. Unknown fields are ignored so
 * the trainer can add facts without breaking older services.
 *
 * @param name the model version, equal to its directory name, e.g. {@code nano}
 * @param blocks number of convolutional blocks; a cut equal to it runs everything on the device
 * @param cuts the cut points this model supports (block boundaries), each in [0, blocks]
 * @param inputKey the frames input of {@code full} and {@code head_k}, float32 [-1, -1, -1, 1]
 *     (NHWC grey, 0..1)
 * @param outputKey the probabilities output of {@code full} and {@code tail_k}, float32 [-1,
 *     classes] (softmax)
 * @param frameSide side of the frames the model was trained on, in pixels
 * @param classes class names, indexed by label
 * @param parameters trainable parameter count
 * @param accuracy measured test accuracy per input resolution in pixels
 * @param cutPoints per cut point, the signatures that run on each tier and the tensor that crosses
 *     the link; a manifest without them (older trainers) can only run its cut {@code blocks}, with
 *     {@code serving_default}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(
    String name,
    int blocks,
    List<Integer> cuts,
    String inputKey,
    String outputKey,
    int frameSide,
    List<String> classes,
    long parameters,
    Map<Integer, Double> accuracy,
    List<CutPoint> cutPoints) {

  /** The signature older SavedModels have for the whole network. */
  static final String SERVING_DEFAULT = "serving_default";

  /** A manifest without cut points, as trainers wrote them before split execution. */
  public ModelManifest(
      String name,
      int blocks,
      List<Integer> cuts,
      String inputKey,
      String outputKey,
      int frameSide,
      List<String> classes,
      long parameters,
      Map<Integer, Double> accuracy) {
    this(
        name,
        blocks,
        cuts,
        inputKey,
        outputKey,
        frameSide,
        classes,
        parameters,
        accuracy,
        List.of());
  }

  public ModelManifest {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    if (blocks < 1 || blocks > 16) {
      throw new IllegalArgumentException("blocks must be in [1, 16], was " + blocks);
    }
    if (cuts == null || cuts.isEmpty()) {
      throw new IllegalArgumentException("cuts must list at least one cut point");
    }
    for (int cut : cuts) {
      if (cut < 0 || cut > blocks) {
        throw new IllegalArgumentException(
            "cuts must lie in [0, blocks = " + blocks + "], was " + cuts);
      }
    }
    cuts = cuts.stream().distinct().sorted().toList();
    if (inputKey == null || inputKey.isBlank()) {
      throw new IllegalArgumentException("inputKey must not be blank");
    }
    if (outputKey == null || outputKey.isBlank()) {
      throw new IllegalArgumentException("outputKey must not be blank");
    }
    if (frameSide < 1) {
      throw new IllegalArgumentException("frameSide must be >= 1, was " + frameSide);
    }
    if (classes == null || classes.size() < 2) {
      throw new IllegalArgumentException("classes must name at least two classes, was " + classes);
    }
    classes = List.copyOf(classes);
    if (parameters < 0) {
      throw new IllegalArgumentException("parameters must be >= 0, was " + parameters);
    }
    SortedMap<Integer, Double> sorted = new TreeMap<>(accuracy == null ? Map.of() : accuracy);
    accuracy = Collections.unmodifiableSortedMap(sorted);
    cutPoints = cutPoints == null ? List.of() : List.copyOf(cutPoints);
    for (CutPoint point : cutPoints) {
      if (point.cut() < 0 || point.cut() > blocks) {
        throw new IllegalArgumentException(
            "cutPoints must lie in [0, blocks = " + blocks + "], was cut " + point.cut());
      }
      if (point.cut() < blocks && (point.server() == null || point.tensor() == null)) {
        throw new IllegalArgumentException(
            "cutPoints must name the server signature and the tensor of cut "
                + point.cut()
                + " < blocks");
      }
      if (point.cut() > 0 && point.device() == null) {
        throw new IllegalArgumentException(
            "cutPoints must name the device signature of cut " + point.cut() + " > 0");
      }
    }
  }

  /**
   * The signature that runs the whole network: the device signature of cut {@code blocks} ({@code
   * full} in the zoo), else {@code serving_default}.
   */
  public String fullSignature() {
    CutPoint last = cutPoint(blocks);
    return last != null && last.device() != null ? last.device() : SERVING_DEFAULT;
  }

  /** The description of cut {@code cut}, or null when the manifest has none. */
  public CutPoint cutPoint(int cut) {
    for (CutPoint point : cutPoints) {
      if (point.cut() == cut) {
        return point;
      }
    }
    return null;
  }

  /**
   * The description of a cut below the last block, which sends a tensor to the server tier.
   *
   * @throws PlanNotSupportedException when the manifest does not describe that cut
   */
  public CutPoint splitPoint(int cut) {
    CutPoint point = cutPoint(cut);
    if (point == null || cut >= blocks) {
      throw new PlanNotSupportedException(
          "model "
              + name
              + " cannot be split after block "
              + cut
              + ": its manifest describes the split cuts "
              + cutPoints.stream().map(CutPoint::cut).filter(c -> c < blocks).toList());
    }
    return point;
  }

  /** The input key of {@code signature}: the frames, or the tensor of the cut it continues. */
  String inputKeyOf(String signature) {
    for (CutPoint point : cutPoints) {
      if (signature.equals(point.server()) && point.cut() > 0) {
        return point.tensor();
      }
    }
    return inputKey;
  }

  /**
   * The output key of {@code signature}: the probabilities, or the tensor of the cut it ends at.
   */
  String outputKeyOf(String signature) {
    for (CutPoint point : cutPoints) {
      if (signature.equals(point.device()) && point.cut() < blocks) {
        return point.tensor();
      }
    }
    return outputKey;
  }

  /**
   * One cut point as the trainer describes it.
   *
   * @param cut blocks 1..cut run on the device tier
   * @param device the signature the device tier runs ({@code head_k}, {@code full} at cut {@code
   *     blocks}), null at cut 0 (the device sends the frame)
   * @param server the signature the server tier runs ({@code tail_k}, {@code full} at cut 0), null
   *     at cut {@code blocks}
   * @param tensor the key of the tensor that crosses the link ({@code frames} at cut 0, {@code
   *     activation} otherwise), null at cut {@code blocks}
   * @param shape per input side in pixels, the NHWC shape of that tensor for one frame ({@code [1,
   *     h, w, c]}; empty at cut {@code blocks})
   * @param bytes per input side, that tensor's float32 size in bytes
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CutPoint(
      int cut,
      String device,
      String server,
      String tensor,
      Map<Integer, List<Integer>> shape,
      Map<Integer, Long> bytes) {

    public CutPoint {
      shape = shape == null ? Map.of() : Map.copyOf(shape);
      bytes = bytes == null ? Map.of() : Map.copyOf(bytes);
    }

    /** The tensor's shape for one frame of side {@code side}, or null when unknown or empty. */
    public int[] shapeAt(int side) {
      List<Integer> dims = shape.get(side);
      if (dims == null || dims.isEmpty()) {
        return null;
      }
      return dims.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** Whether {@code cut} runs every block on the device tier. */
  public boolean isDeviceOnly(int cut) {
    return cut == blocks;
  }

  /**
   * Checks that this model can execute {@code plan}'s cut point.
   *
   * @throws PlanNotSupportedException when the cut is not among {@link #cuts()}
   */
  public void requireCut(Plan plan) {
    if (!cuts.contains(plan.cutPoint())) {
      throw new PlanNotSupportedException(
          "plan "
              + plan.configId()
              + " cuts model "
              + name
              + " after block "
              + plan.cutPoint()
              + ", but its cut points are "
              + cuts);
    }
  }

  /** The name of class {@code label}. */
  public String className(int label) {
    return classes.get(label);
  }
}
