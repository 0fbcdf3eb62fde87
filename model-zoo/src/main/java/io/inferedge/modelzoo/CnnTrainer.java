package io.inferedge.modelzoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Trains a {@link CnnSpec} with TensorFlow Java in graph mode (one {@link Graph} and {@link
 * Session}, autodiff, Adam) and exports it as a SavedModel with whole and split signatures.
 *
 * <p>Training graph: {@code frames [n, h, w, 1]} and integer {@code labels [n]} in; the loss is the
 * mean softmax cross-entropy against one-hot labels ({@code sparseSoftmaxCrossEntropyWithLogits}
 * has no registered gradient in TF-Java 1.0). Kernels start He-normal from the seed, biases at 0.
 * Adam is built here from {@code ApplyAdam} with the learning rate fed per step (TF-Java's {@code
 * Adam} takes a constant), so the caller can run a schedule. When the spec asks for batch
 * normalisation, each convolution's output is normalised with the batch's statistics (per channel
 * over batch, height and width) and moving averages (momentum {@value #BN_MOMENTUM}) are kept for
 * inference; a step may instead normalise with the frozen moving statistics, so that the last steps
 * train the network as it is exported (one set of statistics for every input resolution).
 *
 * <p>The export builds a separate inference-only graph whose variables are loaded from the trained
 * values (batch normalisation folded into kernels and biases), so the SavedModel carries neither
 * Adam's slots nor the gradient ops. Signatures: {@value Cnn#SIGNATURE_KEY} and {@value
 * Cnn#FULL_KEY} map {@code frames} float32 {@code [-1, -1, -1, 1]} (values 0..1) to {@code
 * probabilities} float32 {@code [-1, 10]}; for every block boundary {@code 1 <= k < B}, {@code
 * head_k} maps {@code frames} to {@code activation} (the output of block k, {@code [-1, -1, -1,
 * c_k]}) and {@code tail_k} maps {@code activation} to {@code probabilities}.
 *
 * <p>Not thread-safe. Owns native resources: close it.
 */
final class CnnTrainer implements AutoCloseable {

  private static final Shape FRAMES_SHAPE = Shape.of(-1, -1, -1, 1);
  static final float BN_MOMENTUM = 0.99f;
  static final float BN_EPSILON = 1e-3f;
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float ADAM_EPSILON = 1e-7f;

  private final CnnSpec spec;
  private final float defaultLearningRate;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> frames;
  private final Placeholder<TInt32> labels;
  private final Placeholder<TFloat32> rateInput;

  /** 1 to normalise with the batch's statistics, 0 with the moving ones (frozen). */
  private final Placeholder<TFloat32> batchStatistics;

  /** Every variable the export needs (trainable and moving statistics), by name. */
  private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();

  private final Operand<TFloat32> loss;
  private final List<Op> trainTargets = new ArrayList<>();
  private final List<Op> statisticsUpdates = new ArrayList<>();

  /**
   * @param seed seeds the initial weights
   * @param learningRate Adam's step size when {@link #step(float[], int, int[])} is not told one
   */
  CnnTrainer(CnnSpec spec, long seed, float learningRate) {
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learningRate must be positive, was " + learningRate);
    }
    this.spec = spec;
    this.defaultLearningRate = learningRate;
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      frames =
          tf.withName(Cnn.INPUT_KEY).placeholder(TFloat32.class, Placeholder.shape(FRAMES_SHAPE));
      labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      rateInput =
          tf.withName("learning_rate")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      batchStatistics =
          tf.withName("batch_statistics")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      SplittableRandom random = new SplittableRandom(seed);
      List<Variable<TFloat32>> trainable = new ArrayList<>();
      Operand<TFloat32> x = frames;
      int in = 1;
      for (int b = 1; b <= spec.blocks(); b++) {
        int out = spec.channels().get(b - 1);
        Ops scope = tf.withSubScope("train_block" + b);
        Variable<TFloat32> kernel = heNormal(tf, "block" + b + "_kernel", 3, 3, in, out, random);
        trainable.add(kernel);
        Operand<TFloat32> conv = scope.nn.conv2d(x, kernel, Arrays.asList(1L, 1L, 1L, 1L), "SAME");
        if (spec.batchNorm()) {
          Variable<TFloat32> gamma = filled(tf, "block" + b + "_gamma", out, 1f);
          Variable<TFloat32> beta = filled(tf, "block" + b + "_beta", out, 0f);
          Variable<TFloat32> movingMean = filled(tf, "block" + b + "_moving_mean", out, 0f);
          Variable<TFloat32> movingVariance = filled(tf, "block" + b + "_moving_variance", out, 1f);
          trainable.add(gamma);
          trainable.add(beta);
          Operand<TInt32> axes = scope.constant(new int[] {0, 1, 2});
          Operand<TFloat32> mean = scope.math.mean(conv, axes);
          Operand<TFloat32> variance =
              scope.math.mean(scope.math.squaredDifference(conv, mean), axes);
          statisticsUpdates.add(movingAverage(scope, movingMean, mean));
          statisticsUpdates.add(movingAverage(scope, movingVariance, variance));
          // w * batch + (1 - w) * moving, exactly the batch's statistics when w = 1 and the moving
          // ones when w = 0 (moving + w * (batch - moving) can round a variance below zero).
          Operand<TFloat32> keep = scope.math.sub(scope.constant(1f), batchStatistics);
          Operand<TFloat32> usedMean =
              scope.math.add(
                  scope.math.mul(batchStatistics, mean), scope.math.mul(keep, movingMean));
          Operand<TFloat32> usedVariance =
              scope.math.add(
                  scope.math.mul(batchStatistics, variance), scope.math.mul(keep, movingVariance));
          Operand<TFloat32> scale =
              scope.math.mul(
                  gamma,
                  scope.math.rsqrt(scope.math.add(usedVariance, scope.constant(BN_EPSILON))));
          conv = scope.math.add(scope.math.mul(scope.math.sub(conv, usedMean), scale), beta);
        } else {
          Variable<TFloat32> bias = filled(tf, "block" + b + "_bias", out, 0f);
          trainable.add(bias);
          conv = scope.nn.biasAdd(conv, bias);
        }
        x = Cnn.pool(scope, scope.nn.relu(conv));
        in = out;
      }
      Variable<TFloat32> classifierKernel =
          heNormal(tf, "classifier_kernel", 1, 1, in, FashionMnist.CLASSES, random);
      Variable<TFloat32> classifierBias = filled(tf, "classifier_bias", FashionMnist.CLASSES, 0f);
      trainable.add(classifierKernel);
      trainable.add(classifierBias);
      Ops head = tf.withSubScope("train_classifier");
      Operand<TFloat32> scores =
          head.nn.biasAdd(
              head.nn.conv2d(x, classifierKernel, Arrays.asList(1L, 1L, 1L, 1L), "SAME"),
              classifierBias);
      Operand<TFloat32> logits = head.math.mean(scores, head.constant(new int[] {1, 2}));
      Operand<TFloat32> oneHot =
          tf.oneHot(labels, tf.constant(FashionMnist.CLASSES), tf.constant(1f), tf.constant(0f));
      loss =
          tf.withName("loss")
              .math
              .mean(tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), tf.constant(0));
      adam(tf, trainable);
      session = new Session(graph);
      session.initialize();
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  private Op movingAverage(Ops tf, Variable<TFloat32> average, Operand<TFloat32> batchValue) {
    return tf.assign(
        average,
        tf.math.add(
            tf.math.mul(average, tf.constant(BN_MOMENTUM)),
            tf.math.mul(batchValue, tf.constant(1 - BN_MOMENTUM))));
  }

  /** Adam (Kingma and Ba) on every trainable variable, with the fed learning rate. */
  @SuppressWarnings("unchecked")
  private void adam(Ops tf, List<Variable<TFloat32>> trainable) {
    Gradients gradients = tf.gradients(loss, trainable);
    Variable<TFloat32> beta1Power =
        tf.withName("adam_beta1_power").variable(tf.withInitScope().constant(BETA1));
    Variable<TFloat32> beta2Power =
        tf.withName("adam_beta2_power").variable(tf.withInitScope().constant(BETA2));
    Ops adam = tf.withSubScope("adam");
    List<Op> applies = new ArrayList<>();
    for (int i = 0; i < trainable.size(); i++) {
      Variable<TFloat32> v = trainable.get(i);
      Shape shape = v.shape();
      Variable<TFloat32> m1 = tf.withName(v.op().name() + "_adam_m").variable(zeros(tf, shape));
      Variable<TFloat32> m2 = tf.withName(v.op().name() + "_adam_v").variable(zeros(tf, shape));
      applies.add(
          adam.train.applyAdam(
              v,
              m1,
              m2,
              beta1Power,
              beta2Power,
              rateInput,
              adam.constant(BETA1),
              adam.constant(BETA2),
              adam.constant(ADAM_EPSILON),
              (Operand<TFloat32>) (Operand<?>) gradients.dy(i)));
    }
    Ops after = adam.withControlDependencies(applies);
    trainTargets.add(after.assign(beta1Power, after.math.mul(beta1Power, after.constant(BETA1))));
    trainTargets.add(after.assign(beta2Power, after.math.mul(beta2Power, after.constant(BETA2))));
  }

  private static Operand<TFloat32> zeros(Ops tf, Shape shape) {
    return tf.withInitScope().constant(shape, DataBuffers.of(new float[(int) shape.size()]));
  }

  private Variable<TFloat32> heNormal(
      Ops tf, String name, int h, int w, int in, int out, SplittableRandom random) {
    Shape shape = Shape.of(h, w, in, out);
    float[] values = new float[(int) shape.size()];
    double std = Math.sqrt(2.0 / (h * w * in));
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    Variable<TFloat32> v =
        tf.withName(name).variable(tf.withInitScope().constant(shape, DataBuffers.of(values)));
    variables.put(name, v);
    return v;
  }

  private Variable<TFloat32> filled(Ops tf, String name, int size, float value) {
    float[] values = new float[size];
    Arrays.fill(values, value);
    Variable<TFloat32> v =
        tf.withName(name)
            .variable(tf.withInitScope().constant(Shape.of(size), DataBuffers.of(values)));
    variables.put(name, v);
    return v;
  }

  /** One Adam step at the learning rate given to the constructor. */
  float step(float[] pixels, int side, int[] batchLabels) {
    return step(pixels, side, batchLabels, defaultLearningRate, false);
  }

  /** One Adam step normalising with the batch's statistics. */
  float step(float[] pixels, int side, int[] batchLabels, float rate) {
    return step(pixels, side, batchLabels, rate, false);
  }

  /**
   * One Adam step on a batch.
   *
   * @param pixels {@code n * side * side} floats in [0, 1], frame after frame, row-major
   * @param side height and width of every frame in the batch
   * @param batchLabels the {@code n} class indices
   * @param rate Adam's step size for this step
   * @param frozenStatistics normalise with the moving statistics, as the exported model does, and
   *     leave them unchanged (no effect without batch normalisation)
   * @return the batch's mean cross-entropy before the step
   */
  float step(float[] pixels, int side, int[] batchLabels, float rate, boolean frozenStatistics) {
    int n = batchLabels.length;
    if (n == 0 || pixels.length != n * side * side) {
      throw new IllegalArgumentException(
          "pixels must hold labels.length * side * side = "
              + n * side * side
              + " floats, was "
              + pixels.length);
    }
    if (!(rate > 0)) {
      throw new IllegalArgumentException("rate must be positive, was " + rate);
    }
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, side, side, 1), DataBuffers.of(pixels));
        TInt32 y = TInt32.vectorOf(batchLabels);
        TFloat32 lr = TFloat32.scalarOf(rate);
        TFloat32 w = TFloat32.scalarOf(frozenStatistics ? 0f : 1f)) {
      Session.Runner runner =
          session
              .runner()
              .feed(frames, x)
              .feed(labels, y)
              .feed(rateInput, lr)
              .feed(batchStatistics, w);
      trainTargets.forEach(runner::addTarget);
      if (!frozenStatistics) {
        statisticsUpdates.forEach(runner::addTarget);
      }
      try (Result result = runner.fetch(loss).run()) {
        return ((TFloat32) result.get(0)).getFloat();
      }
    }
  }

  /**
   * Writes the trained model as a SavedModel into {@code directory} (created if absent, must not
   * already hold a SavedModel).
   */
  void export(Path directory) throws IOException {
    Files.createDirectories(directory);
    Map<String, float[]> values = fetchAll();
    List<Tensor> inference = new ArrayList<>();
    try {
      for (Cnn.Parameter p : Cnn.parameters(spec)) {
        inference.add(TFloat32.tensorOf(p.shape(), DataBuffers.of(inferenceValue(p, values))));
      }
      exportInferenceGraph(directory, inference);
    } finally {
      inference.forEach(Tensor::close);
    }
  }

  private Map<String, float[]> fetchAll() {
    List<String> names = new ArrayList<>(variables.keySet());
    Session.Runner fetch = session.runner();
    names.forEach(n -> fetch.fetch(variables.get(n)));
    Map<String, float[]> values = new LinkedHashMap<>();
    try (Result result = fetch.run()) {
      for (int i = 0; i < names.size(); i++) {
        TFloat32 value = (TFloat32) result.get(i);
        float[] copy = new float[(int) value.shape().size()];
        value.copyTo(DataBuffers.of(copy, false, false));
        values.put(names.get(i), copy);
      }
    }
    return values;
  }

  /** The exported value of {@code p}: trained as is, or with batch normalisation folded in. */
  private float[] inferenceValue(Cnn.Parameter p, Map<String, float[]> values) {
    String name = p.name();
    if (!spec.batchNorm() || name.startsWith("classifier")) {
      return values.get(name);
    }
    String block = name.substring(0, name.indexOf('_'));
    float[] gamma = values.get(block + "_gamma");
    float[] beta = values.get(block + "_beta");
    float[] mean = values.get(block + "_moving_mean");
    float[] variance = values.get(block + "_moving_variance");
    int out = gamma.length;
    float[] scale = new float[out];
    for (int c = 0; c < out; c++) {
      scale[c] = (float) (gamma[c] / Math.sqrt(variance[c] + BN_EPSILON));
    }
    if (p.isKernel()) {
      float[] kernel = values.get(name).clone();
      for (int i = 0; i < kernel.length; i++) {
        kernel[i] *= scale[i % out]; // HWIO: the output channel is the fastest index.
      }
      return kernel;
    }
    float[] bias = new float[out];
    for (int c = 0; c < out; c++) {
      bias[c] = beta[c] - mean[c] * scale[c];
    }
    return bias;
  }

  private void exportInferenceGraph(Path directory, List<Tensor> trained) throws IOException {
    try (Graph inference = new Graph()) {
      Ops tf = Ops.create(inference);
      Placeholder<TFloat32> input =
          tf.withName(Cnn.INPUT_KEY).placeholder(TFloat32.class, Placeholder.shape(FRAMES_SHAPE));
      List<Variable<TFloat32>> weights = new ArrayList<>();
      List<Placeholder<TFloat32>> loads = new ArrayList<>();
      List<Assign<TFloat32>> assigns = new ArrayList<>();
      for (Cnn.Parameter p : Cnn.parameters(spec)) {
        Variable<TFloat32> v = tf.withName(p.name()).variable(p.shape(), TFloat32.class);
        Placeholder<TFloat32> load =
            tf.withSubScope("load").placeholder(TFloat32.class, Placeholder.shape(p.shape()));
        weights.add(v);
        loads.add(load);
        assigns.add(tf.withSubScope("load").assign(v, load));
      }
      List<Signature> signatures = new ArrayList<>();
      List<Operand<TFloat32>> activations = new ArrayList<>();
      Operand<TFloat32> x = input;
      for (int k = 1; k <= spec.blocks(); k++) {
        x = Cnn.blocks(tf, x, spec, weights, k - 1, k);
        activations.add(x);
      }
      Operand<TFloat32> probabilities =
          tf.withName(Cnn.OUTPUT_KEY).nn.softmax(Cnn.classifier(tf, x, spec, weights));
      for (String key : List.of(Cnn.SIGNATURE_KEY, Cnn.FULL_KEY)) {
        signatures.add(
            Signature.builder()
                .key(key)
                .input(Cnn.INPUT_KEY, input)
                .output(Cnn.OUTPUT_KEY, probabilities)
                .build());
      }
      for (int k = 1; k < spec.blocks(); k++) {
        Ops headScope = tf.withSubScope(Cnn.headKey(k));
        Operand<TFloat32> activation =
            headScope.withName(Cnn.ACTIVATION_KEY).identity(activations.get(k - 1));
        signatures.add(
            Signature.builder()
                .key(Cnn.headKey(k))
                .input(Cnn.INPUT_KEY, input)
                .output(Cnn.ACTIVATION_KEY, activation)
                .build());
        Ops tailScope = tf.withSubScope(Cnn.tailKey(k));
        Placeholder<TFloat32> tailInput =
            tailScope
                .withName(Cnn.ACTIVATION_KEY)
                .placeholder(
                    TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, spec.channelsAt(k))));
        Operand<TFloat32> tail = Cnn.blocks(tailScope, tailInput, spec, weights, k, spec.blocks());
        Operand<TFloat32> tailProbabilities =
            tailScope
                .withName(Cnn.OUTPUT_KEY)
                .nn
                .softmax(Cnn.classifier(tailScope, tail, spec, weights));
        signatures.add(
            Signature.builder()
                .key(Cnn.tailKey(k))
                .input(Cnn.ACTIVATION_KEY, tailInput)
                .output(Cnn.OUTPUT_KEY, tailProbabilities)
                .build());
      }
      try (Session s = new Session(inference)) {
        Session.Runner runner = s.runner();
        for (int i = 0; i < assigns.size(); i++) {
          runner.feed(loads.get(i), trained.get(i)).addTarget(assigns.get(i));
        }
        runner.run().close();
        SavedModelBundle.exporter(directory.toString())
            .withSession(s)
            .withSignatures(signatures.toArray(Signature[]::new))
            .export();
      }
    }
  }

  CnnSpec spec() {
    return spec;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
