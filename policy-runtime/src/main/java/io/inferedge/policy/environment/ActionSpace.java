package io.inferedge.policy.environment;

import java.util.List;

/**
 * A factored discrete action: one categorical head per plan part. Immutable.
 *
 * @param heads the heads, in the order they are chosen (a head's mask may depend on the earlier
 *     heads' choices)
 */
public record ActionSpace(List<Head> heads) {

  /** Names of the heads of a plan, in order. */
  public static final String MODEL = "model";

  public static final String CUT = "cut";
  public static final String RESOLUTION = "resolution";
  public static final String FRAME_SKIP = "frameSkip";

  public ActionSpace {
    heads = List.copyOf(heads);
    if (heads.isEmpty()) {
      throw new IllegalArgumentException("heads must not be empty");
    }
  }

  /**
   * One categorical head.
   *
   * @param name e.g. {@code cut}
   * @param choices the value of each choice as text, e.g. {@code 0..5}
   */
  public record Head(String name, List<String> choices) {
    public Head {
      choices = List.copyOf(choices);
      if (choices.isEmpty()) {
        throw new IllegalArgumentException("choices of head " + name + " must not be empty");
      }
    }

    public int size() {
      return choices.size();
    }
  }

  /** Sum of the heads' sizes: the width of the actor's output. */
  public int totalChoices() {
    return heads.stream().mapToInt(Head::size).sum();
  }

  /** Index of head {@code h}'s first logit in the actor's output. */
  public int offset(int h) {
    int offset = 0;
    for (int i = 0; i < h; i++) {
      offset += heads.get(i).size();
    }
    return offset;
  }

  public int size() {
    return heads.size();
  }
}
