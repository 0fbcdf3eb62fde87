package io.inferedge.modelzoo;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What {@code manifest.json} beside a SavedModel says about it: how to call it, how it was trained
 * and its accuracy as measured on held-out frames. Readers (the inference service, the policy's
 * profiles) rely on these keys; add keys, never rename them.
 *
 * @param accuracy measured top-1 accuracy keyed by input side in pixels
 * @param trainingSeconds wall time of the training loop (measured)
 */
record Manifest(
    String name,
    int blocks,
    List<Integer> cuts,
    String inputKey,
    String outputKey,
    int frameSide,
    List<String> classes,
    long parameters,
    long seed,
    int trainingSteps,
    double trainingSeconds,
    Map<Integer, Double> accuracy,
    int accuracyFrames,
    String accuracySource) {

  static final String ACCURACY_SOURCE =
      "measured on held-out frames composed from the Fashion-MNIST test split";

  Manifest {
    cuts = List.copyOf(cuts);
    classes = List.copyOf(classes);
    accuracy = Map.copyOf(accuracy);
  }

  /** Pretty-printed JSON, keys in a fixed order, accuracy from the largest side down. */
  String toJson() {
    Map<Integer, Double> bySide = new TreeMap<>((a, b) -> Integer.compare(b, a));
    bySide.putAll(accuracy);
    String accuracyJson =
        bySide.entrySet().stream()
            .map(e -> string(Integer.toString(e.getKey())) + ": " + number(e.getValue(), 4))
            .collect(Collectors.joining(", ", "{", "}"));
    return "{\n"
        + field("name", string(name))
        + field("blocks", Integer.toString(blocks))
        + field(
            "cuts", cuts.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]")))
        + field("inputKey", string(inputKey))
        + field("outputKey", string(outputKey))
        + field("frameSide", Integer.toString(frameSide))
        + field(
            "classes",
            classes.stream().map(Manifest::string).collect(Collectors.joining(", ", "[", "]")))
        + field("parameters", Long.toString(parameters))
        + field("seed", Long.toString(seed))
        + field("trainingSteps", Integer.toString(trainingSteps))
        + field("trainingSeconds", number(trainingSeconds, 1))
        + field("accuracy", accuracyJson)
        + field("accuracyFrames", Integer.toString(accuracyFrames))
        + "  "
        + string("accuracySource")
        + ": "
        + string(accuracySource)
        + "\n}\n";
  }

  private static String field(String key, String json) {
    return "  " + string(key) + ": " + json + ",\n";
  }

  private static String number(double value, int decimals) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("JSON numbers must be finite, was " + value);
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  static String string(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
