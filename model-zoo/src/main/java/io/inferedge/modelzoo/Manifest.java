package io.inferedge.modelzoo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What {@code manifest.json} beside a SavedModel says about it: how to call it whole and split,
 * what each cut costs, how it was trained and its accuracy and latency as measured here. Readers
 * (the inference service, the profiler, the policy) rely on these keys; add keys, never rename
 * them.
 *
 * <p>Keys: {@code name}, {@code blocks}, {@code cuts} (0..blocks), {@code inputKey}, {@code
 * outputKey}, {@code frameSide}, {@code classes}, {@code parameters}, {@code channels}, {@code
 * batchNorm}, {@code signatures}, {@code resolutions}, {@code flops} (per input side), {@code
 * cutPoints} (per cut: device and server signatures, the tensor crossing the link with its shape
 * and fp32 bytes per side, and the device's FLOPs per side), {@code seed}, {@code trainingSteps},
 * {@code batchSize}, {@code learningRate}, {@code learningRateSchedule}, {@code trainingSeconds},
 * {@code accuracy} (per side), {@code accuracyFrames}, {@code accuracySource}, {@code
 * latencyMillis} (per side, batch 1), {@code latencySource}.
 *
 * @param accuracy measured top-1 accuracy keyed by input side in pixels
 * @param trainingSeconds wall time of the training loop (measured)
 * @param latencyMillis measured median batch-1 latency of {@code full} keyed by input side
 */
record Manifest(
    CnnSpec spec,
    long seed,
    int trainingSteps,
    int batchSize,
    float learningRate,
    String learningRateSchedule,
    double trainingSeconds,
    Map<Integer, Double> accuracy,
    int accuracyFrames,
    Map<Integer, Double> latencyMillis) {

  static final String ACCURACY_SOURCE =
      "measured on held-out frames composed from the Fashion-MNIST test split";

  static final String LATENCY_SOURCE =
      "measured: median of batch-1 calls of the full signature through TF-Java on the training"
          + " machine (2 shared cores), after warm-up";

  Manifest {
    accuracy = Map.copyOf(accuracy);
    latencyMillis = Map.copyOf(latencyMillis);
  }

  String name() {
    return spec.name();
  }

  int blocks() {
    return spec.blocks();
  }

  /** Every cut point: 0 (frame to the server) to blocks (all on the device). */
  List<Integer> cuts() {
    return IntStream.rangeClosed(0, spec.blocks()).boxed().toList();
  }

  long parameters() {
    return spec.parameterCount();
  }

  /** Pretty-printed JSON, keys in a fixed order, per-side maps from the largest side down. */
  String toJson() {
    List<String> fields = new ArrayList<>();
    fields.add(field("name", string(spec.name())));
    fields.add(field("blocks", Integer.toString(spec.blocks())));
    fields.add(field("cuts", list(cuts(), String::valueOf)));
    fields.add(field("inputKey", string(Cnn.INPUT_KEY)));
    fields.add(field("outputKey", string(Cnn.OUTPUT_KEY)));
    fields.add(field("frameSide", Integer.toString(FrameSource.SIDE)));
    fields.add(field("classes", list(FashionMnist.CLASS_NAMES, Manifest::string)));
    fields.add(field("parameters", Long.toString(spec.parameterCount())));
    fields.add(field("channels", list(spec.channels(), String::valueOf)));
    fields.add(field("batchNorm", Boolean.toString(spec.batchNorm())));
    fields.add(field("signatures", list(signatures(), Manifest::string)));
    fields.add(field("resolutions", list(Training.SIDES, String::valueOf)));
    fields.add(field("flops", bySide(s -> Long.toString(spec.flops(s)))));
    fields.add(field("cutPoints", cutPoints()));
    fields.add(field("seed", Long.toString(seed)));
    fields.add(field("trainingSteps", Integer.toString(trainingSteps)));
    fields.add(field("batchSize", Integer.toString(batchSize)));
    fields.add(field("learningRate", number(learningRate, 5)));
    fields.add(field("learningRateSchedule", string(learningRateSchedule)));
    fields.add(field("trainingSeconds", number(trainingSeconds, 1)));
    fields.add(field("accuracy", map(accuracy, 4)));
    fields.add(field("accuracyFrames", Integer.toString(accuracyFrames)));
    fields.add(field("accuracySource", string(ACCURACY_SOURCE)));
    fields.add(field("latencyMillis", map(latencyMillis, 3)));
    fields.add(field("latencySource", string(LATENCY_SOURCE)));
    return fields.stream().collect(Collectors.joining(",\n", "{\n", "\n}\n"));
  }

  /** Signature keys in the SavedModel. */
  List<String> signatures() {
    List<String> keys = new ArrayList<>(List.of(Cnn.SIGNATURE_KEY, Cnn.FULL_KEY));
    for (int k = 1; k < spec.blocks(); k++) {
      keys.add(Cnn.headKey(k));
      keys.add(Cnn.tailKey(k));
    }
    return keys;
  }

  private String cutPoints() {
    List<String> cuts = new ArrayList<>();
    for (int k = 0; k <= spec.blocks(); k++) {
      int cut = k;
      String device;
      String server;
      String tensor;
      if (cut == 0) {
        device = "null";
        server = string(Cnn.FULL_KEY);
        tensor = string(Cnn.INPUT_KEY);
      } else if (cut == spec.blocks()) {
        device = string(Cnn.FULL_KEY);
        server = "null";
        tensor = "null";
      } else {
        device = string(Cnn.headKey(cut));
        server = string(Cnn.tailKey(cut));
        tensor = string(Cnn.ACTIVATION_KEY);
      }
      boolean sends = cut < spec.blocks();
      cuts.add(
          "{\"cut\": "
              + cut
              + ", \"device\": "
              + device
              + ", \"server\": "
              + server
              + ", \"tensor\": "
              + tensor
              + ", \"shape\": "
              + bySide(s -> sends ? list(shape(cut, s), String::valueOf) : "[]")
              + ", \"bytes\": "
              + bySide(s -> sends ? Long.toString(bytes(cut, s)) : "0")
              + ", \"deviceFlops\": "
              + bySide(
                  s -> Long.toString(cut == spec.blocks() ? spec.flops(s) : spec.flops(cut, s)))
              + "}");
    }
    return cuts.stream().collect(Collectors.joining(",\n    ", "[\n    ", "\n  ]"));
  }

  /** Shape of the tensor crossing cut {@code cut} for one frame fed at {@code side} px (NHWC). */
  List<Long> shape(int cut, int side) {
    long s = CnnSpec.sideAfter(cut, side);
    return List.of(1L, s, s, (long) spec.channelsAt(cut));
  }

  /** fp32 bytes crossing cut {@code cut} for one frame fed at {@code side} px. */
  long bytes(int cut, int side) {
    return shape(cut, side).stream().reduce(4L, (a, b) -> a * b);
  }

  private static String bySide(IntFunction<String> value) {
    return Training.SIDES.stream()
        .sorted((a, b) -> Integer.compare(b, a))
        .map(s -> string(Integer.toString(s)) + ": " + value.apply(s))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  private static String map(Map<Integer, Double> values, int decimals) {
    Map<Integer, Double> bySide = new TreeMap<>((a, b) -> Integer.compare(b, a));
    bySide.putAll(values);
    return bySide.entrySet().stream()
        .map(e -> string(Integer.toString(e.getKey())) + ": " + number(e.getValue(), decimals))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  private static <T> String list(List<T> values, java.util.function.Function<T, String> json) {
    return values.stream().map(json).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String field(String key, String json) {
    return "  " + string(key) + ": " + json;
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
