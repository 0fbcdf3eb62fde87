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
 * @param inputKey the {@code serving_default} input, float32 [-1, -1, -1, 1] (NHWC grey, 0..1)
 * @param outputKey the {@code serving_default} output, float32 [-1, classes] (softmax)
 * @param frameSide side of the frames the model was trained on, in pixels
 * @param classes class names, indexed by label
 * @param parameters trainable parameter count
 * @param accuracy measured test accuracy per input resolution in pixels
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
    Map<Integer, Double> accuracy) {

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
