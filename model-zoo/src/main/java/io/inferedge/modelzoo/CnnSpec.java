package io.inferedge.modelzoo;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The shape of one fully-convolutional classifier in the zoo: {@code channels.size()} blocks of
 * (3x3 convolution, ReLU, 2x2 max-pool with SAME padding), then a 1x1 convolution to the classes
 * and a global average pool over height and width, so any input resolution works. Each block
 * boundary is a cut point.
 *
 * @param name model version, e.g. {@code nano}; also the SavedModel's folder name
 * @param channels output channels of each block, input first
 */
public record CnnSpec(String name, List<Integer> channels) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

  /** About 6k parameters: the fastest, least accurate version. */
  public static final CnnSpec NANO = new CnnSpec("nano", List.of(8, 16, 32));

  public CnnSpec {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name must be 1-32 characters of [a-z0-9_-], was '" + name + "'");
    }
    if (channels == null || channels.isEmpty()) {
      throw new IllegalArgumentException("channels must name at least one block");
    }
    channels = List.copyOf(channels);
    for (int c : channels) {
      if (c <= 0) {
        throw new IllegalArgumentException("channels must be positive, was " + channels);
      }
    }
  }

  /** Number of convolution blocks. */
  public int blocks() {
    return channels.size();
  }

  /** Trainable scalars: kernels and biases of every block and of the classifier. */
  public long parameterCount() {
    long count = 0;
    int in = 1;
    for (int out : channels) {
      count += 9L * in * out + out;
      in = out;
    }
    return count + (long) in * FashionMnist.CLASSES + FashionMnist.CLASSES;
  }
}
