package io.inferedge.modelzoo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Builds the inference forward pass of a {@link CnnSpec} into a TensorFlow graph, given its
 * parameters as operands, whole or split at a cut point. The trainer builds its own training pass
 * (with batch normalisation when the spec asks); the exporter builds this one over the folded
 * weights.
 *
 * <p>Tensors (NHWC, float32): input {@code [n, h, w, 1]} in [0, 1]; block k maps {@code [n, h, w,
 * c]} to {@code [n, ceil(h/2), ceil(w/2), channels[k]]}; logits are {@code [n, 10]}.
 *
 * <p>Stateless and thread-safe; the {@link Ops} passed in are not.
 */
final class Cnn {

  /** Signature keys and tensor names of the exported SavedModel. */
  static final String SIGNATURE_KEY = "serving_default";

  static final String FULL_KEY = "full";
  static final String INPUT_KEY = "frames";
  static final String OUTPUT_KEY = "probabilities";
  static final String ACTIVATION_KEY = "activation";

  private Cnn() {}

  /** Signature running blocks 1..k: {@code frames} to {@code activation}. */
  static String headKey(int k) {
    return "head_" + k;
  }

  /** Signature running blocks k+1..B and the classifier: {@code activation} to probabilities. */
  static String tailKey(int k) {
    return "tail_" + k;
  }

  /**
   * A tensor of the exported model: its variable name and shape. Names are flat ({@code
   * block1_kernel}): TF-Java's optimizers derive slot names from them and reject {@code /}.
   */
  record Parameter(String name, Shape shape) {

    /** Inputs feeding one output of this tensor's layer, for He initialisation. */
    long fanIn() {
      long[] dims = shape.asArray();
      return dims.length == 4 ? dims[0] * dims[1] * dims[2] : 0;
    }

    boolean isKernel() {
      return shape.numDimensions() == 4;
    }
  }

  /** The parameters in a fixed order: each block's kernel and bias, then the classifier's. */
  static List<Parameter> parameters(CnnSpec spec) {
    List<Parameter> parameters = new ArrayList<>();
    long in = 1;
    for (int b = 0; b < spec.blocks(); b++) {
      long out = spec.channels().get(b);
      parameters.add(new Parameter("block" + (b + 1) + "_kernel", Shape.of(3, 3, in, out)));
      parameters.add(new Parameter("block" + (b + 1) + "_bias", Shape.of(out)));
      in = out;
    }
    parameters.add(new Parameter("classifier_kernel", Shape.of(1, 1, in, FashionMnist.CLASSES)));
    parameters.add(new Parameter("classifier_bias", Shape.of(FashionMnist.CLASSES)));
    return List.copyOf(parameters);
  }

  /**
   * Appends the whole forward pass and returns the logits {@code [n, 10]}.
   *
   * @param weights operands in the order of {@link #parameters(CnnSpec)}
   */
  static Operand<TFloat32> logits(
      Ops tf, Operand<TFloat32> frames, CnnSpec spec, List<? extends Operand<TFloat32>> weights) {
    return classifier(tf, blocks(tf, frames, spec, weights, 0, spec.blocks()), spec, weights);
  }

  /**
   * Appends blocks {@code from + 1} to {@code to} (1-based), mapping the activation after block
   * {@code from} (the frames when 0) to the activation after block {@code to}.
   */
  static Operand<TFloat32> blocks(
      Ops tf,
      Operand<TFloat32> x,
      CnnSpec spec,
      List<? extends Operand<TFloat32>> weights,
      int from,
      int to) {
    checkWeights(spec, weights);
    for (int b = from; b < to; b++) {
      x = block(tf.withSubScope("block" + (b + 1)), x, weights.get(2 * b), weights.get(2 * b + 1));
    }
    return x;
  }

  /** Appends the 1x1 classifier and the global average pool: last activation to logits. */
  static Operand<TFloat32> classifier(
      Ops tf, Operand<TFloat32> x, CnnSpec spec, List<? extends Operand<TFloat32>> weights) {
    checkWeights(spec, weights);
    Ops head = tf.withSubScope("classifier");
    int k = 2 * spec.blocks();
    Operand<TFloat32> scores =
        head.nn.biasAdd(
            head.nn.conv2d(x, weights.get(k), Arrays.asList(1L, 1L, 1L, 1L), "SAME"),
            weights.get(k + 1));
    // Global average pooling over height and width: the resolution-independent part.
    return head.withName("logits").math.mean(scores, head.constant(new int[] {1, 2}));
  }

  private static void checkWeights(CnnSpec spec, List<? extends Operand<TFloat32>> weights) {
    if (weights.size() != parameters(spec).size()) {
      throw new IllegalArgumentException(
          "weights must hold " + parameters(spec).size() + " operands, was " + weights.size());
    }
  }

  /** conv3x3 (SAME) + bias + ReLU + 2x2 max-pool (SAME, so odd sides round up). */
  private static Operand<TFloat32> block(
      Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, Operand<TFloat32> bias) {
    Operand<TFloat32> conv = tf.nn.conv2d(x, kernel, Arrays.asList(1L, 1L, 1L, 1L), "SAME");
    return pool(tf, tf.nn.relu(tf.nn.biasAdd(conv, bias)));
  }

  /** 2x2 max-pool, stride 2, SAME padding. */
  static Operand<TFloat32> pool(Ops tf, Operand<TFloat32> x) {
    return tf.nn.maxPool(
        x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "SAME");
  }
}
