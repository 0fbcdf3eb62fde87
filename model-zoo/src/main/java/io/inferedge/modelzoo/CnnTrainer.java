package io.inferedge.modelzoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Trains a {@link CnnSpec} with TensorFlow Java in graph mode (one {@link Graph} and {@link
 * Session}, autodiff, Adam) and exports it as a SavedModel.
 *
 * <p>Training graph: {@code frames [n, h, w, 1]} and integer {@code labels [n]} in; the loss is the
 * mean softmax cross-entropy against one-hot labels ({@code sparseSoftmaxCrossEntropyWithLogits}
 * has no registered gradient in TF-Java 1.0). Kernels start He-normal from the seed, biases at 0.
 *
 * <p>The export builds a separate inference-only graph whose variables are loaded from the trained
 * values, so the SavedModel carries neither Adam's slots nor the gradient ops. Its {@value
 * Cnn#SIGNATURE_KEY} signature maps {@code frames} float32 {@code [-1, -1, -1, 1]} (values 0..1) to
 * {@code probabilities} float32 {@code [-1, 10]}.
 *
 * <p>Not thread-safe. Owns native resources: close it.
 */
final class CnnTrainer implements AutoCloseable {

  private static final Shape FRAMES_SHAPE = Shape.of(-1, -1, -1, 1);

  private final CnnSpec spec;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> frames;
  private final Placeholder<TInt32> labels;
  private final List<Variable<TFloat32>> weights;
  private final Operand<TFloat32> loss;
  private final Op minimize;

  /**
   * @param seed seeds the initial weights
   * @param learningRate Adam's step size
   */
  CnnTrainer(CnnSpec spec, long seed, float learningRate) {
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learningRate must be positive, was " + learningRate);
    }
    this.spec = spec;
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      frames =
          tf.withName(Cnn.INPUT_KEY).placeholder(TFloat32.class, Placeholder.shape(FRAMES_SHAPE));
      labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      weights = initialWeights(tf, spec, new SplittableRandom(seed));
      Operand<TFloat32> logits = Cnn.logits(tf, frames, spec, weights);
      Operand<TFloat32> oneHot =
          tf.oneHot(labels, tf.constant(FashionMnist.CLASSES), tf.constant(1f), tf.constant(0f));
      loss =
          tf.withName("loss")
              .math
              .mean(tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), tf.constant(0));
      minimize = new Adam(graph, learningRate).minimize(loss);
      session = new Session(graph);
      session.initialize();
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  private static List<Variable<TFloat32>> initialWeights(
      Ops tf, CnnSpec spec, SplittableRandom random) {
    List<Variable<TFloat32>> variables = new ArrayList<>();
    for (Cnn.Parameter p : Cnn.parameters(spec)) {
      float[] values = new float[(int) p.shape().size()];
      if (p.isKernel()) {
        double std = Math.sqrt(2.0 / p.fanIn());
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (random.nextGaussian() * std);
        }
      }
      Operand<TFloat32> init = tf.withInitScope().constant(p.shape(), DataBuffers.of(values));
      variables.add(tf.withName(p.name()).variable(init));
    }
    return List.copyOf(variables);
  }

  /**
   * One Adam step on a batch.
   *
   * @param pixels {@code n * side * side} floats in [0, 1], frame after frame, row-major
   * @param side height and width of every frame in the batch
   * @param batchLabels the {@code n} class indices
   * @return the batch's mean cross-entropy before the step
   */
  float step(float[] pixels, int side, int[] batchLabels) {
    int n = batchLabels.length;
    if (n == 0 || pixels.length != n * side * side) {
      throw new IllegalArgumentException(
          "pixels must hold labels.length * side * side = "
              + n * side * side
              + " floats, was "
              + pixels.length);
    }
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, side, side, 1), DataBuffers.of(pixels));
        TInt32 y = TInt32.vectorOf(batchLabels);
        Result result =
            session
                .runner()
                .feed(frames, x)
                .feed(labels, y)
                .addTarget(minimize)
                .fetch(loss)
                .run()) {
      return ((TFloat32) result.get(0)).getFloat();
    }
  }

  /**
   * Writes the trained model as a SavedModel into {@code directory} (created if absent, must not
   * already hold a SavedModel).
   */
  void export(Path directory) throws IOException {
    Files.createDirectories(directory);
    List<Tensor> trained = new ArrayList<>();
    try {
      Session.Runner fetch = session.runner();
      weights.forEach(fetch::fetch);
      try (Result result = fetch.run()) {
        for (int i = 0; i < weights.size(); i++) {
          // Copy out of the Result, which closes its tensors.
          TFloat32 value = (TFloat32) result.get(i);
          float[] copy = new float[(int) value.shape().size()];
          value.copyTo(DataBuffers.of(copy, false, false));
          trained.add(TFloat32.tensorOf(value.shape(), DataBuffers.of(copy)));
        }
      }
      exportInferenceGraph(directory, trained);
    } finally {
      trained.forEach(Tensor::close);
    }
  }

  private void exportInferenceGraph(Path directory, List<Tensor> trained) throws IOException {
    try (Graph inference = new Graph()) {
      Ops tf = Ops.create(inference);
      Placeholder<TFloat32> input =
          tf.withName(Cnn.INPUT_KEY).placeholder(TFloat32.class, Placeholder.shape(FRAMES_SHAPE));
      List<Variable<TFloat32>> variables = new ArrayList<>();
      List<Placeholder<TFloat32>> loads = new ArrayList<>();
      List<Assign<TFloat32>> assigns = new ArrayList<>();
      for (Cnn.Parameter p : Cnn.parameters(spec)) {
        Variable<TFloat32> v = tf.withName(p.name()).variable(p.shape(), TFloat32.class);
        Placeholder<TFloat32> load =
            tf.withSubScope("load").placeholder(TFloat32.class, Placeholder.shape(p.shape()));
        variables.add(v);
        loads.add(load);
        assigns.add(tf.withSubScope("load").assign(v, load));
      }
      Operand<TFloat32> logits = Cnn.logits(tf, input, spec, variables);
      Operand<TFloat32> probabilities = tf.withName(Cnn.OUTPUT_KEY).nn.softmax(logits);
      try (Session s = new Session(inference)) {
        Session.Runner runner = s.runner();
        for (int i = 0; i < assigns.size(); i++) {
          runner.feed(loads.get(i), trained.get(i)).addTarget(assigns.get(i));
        }
        runner.run().close();
        Signature signature =
            Signature.builder()
                .key(Cnn.SIGNATURE_KEY)
                .input(Cnn.INPUT_KEY, input)
                .output(Cnn.OUTPUT_KEY, probabilities)
                .build();
        SavedModelBundle.exporter(directory.toString())
            .withSession(s)
            .withSignature(signature)
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
