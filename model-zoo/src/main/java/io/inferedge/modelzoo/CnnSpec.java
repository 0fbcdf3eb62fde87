package io.inferedge.modelzoo;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The shape of one fully-convolutional classifier in the zoo: {@code channels.size()} blocks of
 * (3x3 convolution, optional batch normalisation, ReLU, 2x2 max-pool with SAME padding), then a 1x1
 * convolution to the classes and a global average pool over height and width, so any input
 * resolution works. Each block boundary is a cut point: cut {@code k} runs blocks 1..k on the
 * device and the rest on the server; cut 0 sends the frame, cut {@link #blocks()} sends nothing.
 *
 * <p>Batch normalisation is a training-time device only: the exporter folds the moving statistics
 * into the convolution's kernel and bias, so every exported model has the same inference graph.
 *
 * @param name model version, e.g. {@code nano}; also the SavedModel's folder name
 * @param channels output channels of each block, input first
 * @param batchNorm whether training normalises each convolution's output over the batch
 */
public record CnnSpec(String name, List<Integer> channels, boolean batchNorm) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

  /** About 6k parameters: the fastest, least accurate version. */
  public static final CnnSpec NANO = new CnnSpec("nano", List.of(8, 16, 32), false);

  /** About 70k parameters, 4 blocks. */
  public static final CnnSpec SMALL = new CnnSpec("small", List.of(12, 24, 48, 96), true);

  /** About 300k parameters, 5 blocks. */
  public static final CnnSpec MEDIUM = new CnnSpec("medium", List.of(16, 32, 64, 128, 160), true);

  /**
   * About 1M parameters, 5 blocks, wide early blocks (most of its compute is at high resolution):
   * the slowest, most accurate version.
   */
  public static final CnnSpec LARGE = new CnnSpec("large", List.of(48, 96, 160, 224, 256), true);

  /** The zoo, smallest first. */
  public static final List<CnnSpec> ZOO = List.of(NANO, SMALL, MEDIUM, LARGE);

  /** A spec trained without batch normalisation. */
  public CnnSpec(String name, List<Integer> channels) {
    this(name, channels, false);
  }

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

  /** The zoo's spec called {@code name}. */
  public static CnnSpec named(String name) {
    return ZOO.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "name must be one of "
                        + ZOO.stream().map(CnnSpec::name).toList()
                        + ", was '"
                        + name
                        + "'"));
  }

  /** Number of convolution blocks. */
  public int blocks() {
    return channels.size();
  }

  /**
   * Parameters of the exported model: kernels and biases of every block (batch normalisation folded
   * in) and of the classifier.
   */
  public long parameterCount() {
    long count = 0;
    int in = 1;
    for (int out : channels) {
      count += 9L * in * out + out;
      in = out;
    }
    return count + (long) in * FashionMnist.CLASSES + FashionMnist.CLASSES;
  }

  /**
   * Height and width of the activation after {@code blocks} blocks for an input of {@code side}.
   */
  public static int sideAfter(int blocks, int side) {
    int s = side;
    for (int b = 0; b < blocks; b++) {
      s = (s + 1) / 2;
    }
    return s;
  }

  /** Channels of the tensor crossing cut {@code cut} (1 for the frame itself at cut 0). */
  public int channelsAt(int cut) {
    checkCut(cut);
    return cut == 0 ? 1 : channels.get(cut - 1);
  }

  /**
   * Floating-point operations of blocks 1..{@code cut} for one frame of {@code side} px: 2 per
   * multiply-add of the convolutions (bias, ReLU and pooling are not counted).
   */
  public long flops(int cut, int side) {
    checkCut(cut);
    long flops = 0;
    int s = side;
    int in = 1;
    for (int b = 0; b < cut; b++) {
      int out = channels.get(b);
      flops += 2L * 9 * in * out * s * s;
      s = (s + 1) / 2;
      in = out;
    }
    return flops;
  }

  /** Floating-point operations of the whole model for one frame, classifier included. */
  public long flops(int side) {
    int s = sideAfter(blocks(), side);
    return flops(blocks(), side) + 2L * channels.get(blocks() - 1) * FashionMnist.CLASSES * s * s;
  }

  private void checkCut(int cut) {
    if (cut < 0 || cut > blocks()) {
      throw new IllegalArgumentException("cut must be in [0, " + blocks() + "], was " + cut);
    }
  }
}
