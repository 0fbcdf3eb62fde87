package io.inferedge.policy.profile;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One model version of the zoo as the emulator sees it.
 *
 * @param name model version, e.g. {@code nano}
 * @param source {@code measured} when the model exists and was evaluated, {@code emulated} when its
 *     accuracy is extrapolated
 * @param blocks convolution blocks; cut points are {@code 0..blocks}
 * @param channels output channels per block
 * @param parameters trainable scalars
 * @param macs multiply-accumulates of a full forward pass, per input resolution
 * @param accuracy top-1 accuracy of a processed frame, per content regime ({@code calm}, {@code
 *     busy}) and input resolution
 * @param accuracySource {@code measured} or {@code emulated}
 * @param accuracyNote how the accuracy was obtained
 * @param configurations one per (cut, resolution)
 */
public record ModelProfile(
    String name,
    String source,
    int blocks,
    List<Integer> channels,
    long parameters,
    Map<Integer, Long> macs,
    Map<String, Map<Integer, Double>> accuracy,
    String accuracySource,
    String accuracyNote,
    List<Configuration> configurations) {

  public ModelProfile {
    Profile.name("name", name);
    Sources.check("source", source);
    if (blocks < 1 || blocks > 16) {
      throw new IllegalArgumentException("blocks must be in [1, 16], was " + blocks);
    }
    channels = List.copyOf(channels);
    if (channels.size() != blocks) {
      throw new IllegalArgumentException(
          "channels must have one entry per block (" + blocks + "), has " + channels.size());
    }
    macs = Map.copyOf(macs);
    Sources.check("accuracySource", accuracySource);
    accuracy = copyAccuracy(accuracy);
    configurations = List.copyOf(configurations);
    for (Configuration c : configurations) {
      if (c.cut() > blocks) {
        throw new IllegalArgumentException(
            "configurations of " + name + " must have cut <= " + blocks + ", has " + c.cut());
      }
      if (!accuracy.get(Profile.CALM).containsKey(c.resolution())) {
        throw new IllegalArgumentException(
            "accuracy of " + name + " must cover resolution " + c.resolution());
      }
    }
  }

  private static Map<String, Map<Integer, Double>> copyAccuracy(
      Map<String, Map<Integer, Double>> accuracy) {
    if (accuracy == null
        || !accuracy.keySet().equals(java.util.Set.of(Profile.CALM, Profile.BUSY))) {
      throw new IllegalArgumentException(
          "accuracy must have exactly the regimes calm and busy, had "
              + (accuracy == null ? null : accuracy.keySet()));
    }
    Map<String, Map<Integer, Double>> copy = new TreeMap<>();
    accuracy.forEach(
        (regime, perResolution) -> {
          perResolution.forEach(
              (resolution, value) -> {
                if (!(value >= 0 && value <= 1)) {
                  throw new IllegalArgumentException(
                      "accuracy must be in [0, 1], was "
                          + value
                          + " for "
                          + regime
                          + "/"
                          + resolution);
                }
              });
          copy.put(regime, Map.copyOf(perResolution));
        });
    return Map.copyOf(copy);
  }

  /** The configuration for a cut and resolution, or null when the profile has none. */
  public Configuration configuration(int cut, int resolution) {
    for (Configuration c : configurations) {
      if (c.cut() == cut && c.resolution() == resolution) {
        return c;
      }
    }
    return null;
  }

  /** Accuracy of a processed frame at {@code resolution} in {@code regime}. */
  public double accuracy(String regime, int resolution) {
    Double value = accuracy.get(regime).get(resolution);
    if (value == null) {
      throw new IllegalArgumentException(
          "resolution " + resolution + " has no accuracy in model " + name);
    }
    return value;
  }
}
