package io.inferedge.policy.a2c;

import io.inferedge.contracts.PolicyPublished;
import io.inferedge.policy.environment.ActionSpace;
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
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The actor and the critic as one TensorFlow Java graph (graph mode, one {@link Session}): the
 * forward pass for rollouts and one A2C update per {@link #train} call.
 *
 * <p>Networks (SB3 {@code MlpPolicy} for A2C): separate actor and critic MLPs over the state, tanh
 * hidden layers of {@link HyperParameters#hidden()}; the actor ends in one linear layer per action
 * head (SB3's single {@code action_net} for MultiDiscrete split by head; the same thing), the
 * critic in one linear unit. Orthogonal initialisation with SB3's gains.
 *
 * <p>Loss ({@link #train}), as SB3's {@code A2C.train}:
 *
 * <pre>
 *   log pi(a|s) = sum over heads of log softmax(masked logits)[chosen]
 *   policy_loss = -mean(A * log pi(a|s))
 *   value_loss  = mean((R - V(s))^2)
 *   entropy_loss = -mean(sum over heads of entropy(masked head))
 *   loss = policy_loss + ent_coef * entropy_loss + vf_coef * value_loss
 * </pre>
 *
 * Masked logits are {@code logit - 1e9} where the mask is 0, so masked choices get probability 0
 * and no gradient. Then clipping of the global gradient norm to {@code max_grad_norm} and one
 * RMSprop step written out in the graph with PyTorch's semantics (what SB3 runs): {@code v = alpha
 * v + (1 - alpha) g^2; p -= lr g / (sqrt(v) + eps)}, {@code v} starting at 0. TF-Java's {@code
 * RMSProp} differs (its square average starts at 1 and eps sits inside the root), hence written
 * out. Every variable update depends on the global norm, hence on every gradient: no update can
 * race a gradient that still reads the old weights.
 *
 * <p>Not thread-safe. Owns native resources: close it.
 */
final class ActorCritic implements AutoCloseable {

  private static final float MASKED = 1e9f;

  private final int stateSize;
  private final ActionSpace space;
  private final List<Integer> hidden;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> states;
  private final List<Placeholder<TFloat32>> chosen = new ArrayList<>();
  private final List<Placeholder<TFloat32>> masks = new ArrayList<>();
  private final Placeholder<TFloat32> advantages;
  private final Placeholder<TFloat32> returns;
  private final List<Variable<TFloat32>> actorWeights = new ArrayList<>();
  private final List<Variable<TFloat32>> actorBiases = new ArrayList<>();
  private final List<Variable<TFloat32>> headWeights = new ArrayList<>();
  private final List<Variable<TFloat32>> headBiases = new ArrayList<>();
  private final Operand<TFloat32> logits;
  private final Operand<TFloat32> value;
  private final Operand<TFloat32> policyLoss;
  private final Operand<TFloat32> valueLoss;
  private final Operand<TFloat32> entropy;
  private final Operand<TFloat32> gradNorm;
  private final Placeholder<TFloat32> actorScale;
  private final Op update;

  /** Scalars of one update, named as SB3 logs them. */
  record TrainStats(float policyLoss, float valueLoss, float entropy, float gradNorm) {}

  ActorCritic(int stateSize, ActionSpace space, HyperParameters hp) {
    this(stateSize, space, hp, null);
  }

  /**
   * @param initialActor the actor's starting weights (layers as {@link #actorLayers()} gives them,
   *     hidden widths equal to {@code hp.hidden()}), or null for SB3's initialisation; the critic
   *     always starts from SB3's initialisation (artefacts keep no critic)
   */
  ActorCritic(
      int stateSize,
      ActionSpace space,
      HyperParameters hp,
      List<PolicyPublished.DenseLayer> initialActor) {
    this.stateSize = stateSize;
    this.space = space;
    this.hidden = hp.hidden();
    if (initialActor != null) {
      checkInitial(initialActor, stateSize, space, hidden);
    }
    SplittableRandom random = new SplittableRandom(hp.seed());
    graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      states = tf.withName("state").placeholder(TFloat32.class, shape(-1, stateSize));
      List<Variable<TFloat32>> trainable = new ArrayList<>();

      // Actor: tanh MLP, then one linear layer per head.
      Operand<TFloat32> h = states;
      int in = stateSize;
      for (int l = 0; l < hidden.size(); l++) {
        int out = hidden.get(l);
        Init wi = init(in, out, Math.sqrt(2), hp.orthogonalInit(), random);
        float[] bi = new float[out];
        if (initialActor != null) {
          wi = kernelOf(initialActor.get(l), in, out);
          bi = biasOf(initialActor.get(l), 0, out);
        }
        Variable<TFloat32> w = variable(tf, "actor_w" + l, wi);
        Variable<TFloat32> b = variable(tf, "actor_b" + l, bi, Shape.of(out));
        actorWeights.add(w);
        actorBiases.add(b);
        h = tf.math.tanh(tf.nn.biasAdd(tf.linalg.matMul(h, w), b));
        in = out;
      }
      List<Operand<TFloat32>> headLogits = new ArrayList<>();
      int column = 0;
      for (int k = 0; k < space.size(); k++) {
        int n = space.heads().get(k).size();
        Init wi = init(in, n, 0.01, hp.orthogonalInit(), random);
        float[] bi = new float[n];
        if (initialActor != null) {
          PolicyPublished.DenseLayer last = initialActor.get(hidden.size());
          wi = headKernelOf(last, in, column, n);
          bi = biasOf(last, column, n);
        }
        column += n;
        Variable<TFloat32> w = variable(tf, "head_w" + k, wi);
        Variable<TFloat32> b = variable(tf, "head_b" + k, bi, Shape.of(n));
        headWeights.add(w);
        headBiases.add(b);
        headLogits.add(tf.nn.biasAdd(tf.linalg.matMul(h, w), b));
      }
      logits =
          headLogits.size() == 1
              ? tf.withName("logits").identity(headLogits.get(0))
              : tf.withName("logits").concat(headLogits, tf.constant(1));

      // Critic: its own tanh MLP, then one linear unit.
      Operand<TFloat32> c = states;
      in = stateSize;
      List<Variable<TFloat32>> critic = new ArrayList<>();
      for (int l = 0; l < hidden.size(); l++) {
        int out = hidden.get(l);
        Variable<TFloat32> w =
            variable(tf, "critic_w" + l, init(in, out, Math.sqrt(2), hp.orthogonalInit(), random));
        Variable<TFloat32> b = variable(tf, "critic_b" + l, new float[out], Shape.of(out));
        critic.add(w);
        critic.add(b);
        c = tf.math.tanh(tf.nn.biasAdd(tf.linalg.matMul(c, w), b));
        in = out;
      }
      Variable<TFloat32> vw =
          variable(tf, "value_w", init(in, 1, 1.0, hp.orthogonalInit(), random));
      Variable<TFloat32> vb = variable(tf, "value_b", new float[1], Shape.of(1));
      critic.add(vw);
      critic.add(vb);
      value =
          tf.withName("value")
              .reshape(tf.nn.biasAdd(tf.linalg.matMul(c, vw), vb), tf.constant(new int[] {-1}));

      for (int l = 0; l < actorWeights.size(); l++) {
        trainable.add(actorWeights.get(l));
        trainable.add(actorBiases.get(l));
      }
      for (int k = 0; k < headWeights.size(); k++) {
        trainable.add(headWeights.get(k));
        trainable.add(headBiases.get(k));
      }
      trainable.addAll(critic);

      // The A2C loss.
      advantages = tf.withName("advantage").placeholder(TFloat32.class, shape(-1));
      returns = tf.withName("return").placeholder(TFloat32.class, shape(-1));
      Operand<TFloat32> one = tf.constant(1f);
      Operand<TFloat32> logProb = null;
      Operand<TFloat32> entropySum = null;
      for (int k = 0; k < space.size(); k++) {
        int n = space.heads().get(k).size();
        Placeholder<TFloat32> a =
            tf.withName("chosen" + k).placeholder(TFloat32.class, shape(-1, n));
        Placeholder<TFloat32> m = tf.withName("mask" + k).placeholder(TFloat32.class, shape(-1, n));
        chosen.add(a);
        masks.add(m);
        Operand<TFloat32> masked =
            tf.math.add(headLogits.get(k), tf.math.mul(tf.math.sub(m, one), tf.constant(MASKED)));
        Operand<TFloat32> logP = tf.nn.logSoftmax(masked);
        Operand<TFloat32> p = tf.math.exp(logP);
        Operand<TFloat32> chosenLogP = tf.reduceSum(tf.math.mul(a, logP), tf.constant(1));
        Operand<TFloat32> headEntropy =
            tf.math.neg(tf.reduceSum(tf.math.mul(p, logP), tf.constant(1)));
        logProb = logProb == null ? chosenLogP : tf.math.add(logProb, chosenLogP);
        entropySum = entropySum == null ? headEntropy : tf.math.add(entropySum, headEntropy);
      }
      Operand<org.tensorflow.types.TInt32> axis0 = tf.constant(0);
      // 1 normally; 0 while only the critic is warmed up (no gradient reaches the actor).
      actorScale =
          tf.withName("actor_scale").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      policyLoss =
          tf.withName("policy_loss")
              .math
              .neg(tf.math.mean(tf.math.mul(advantages, logProb), axis0));
      valueLoss =
          tf.withName("value_loss").math.mean(tf.math.square(tf.math.sub(returns, value)), axis0);
      entropy = tf.withName("entropy").math.mean(entropySum, axis0);
      Operand<TFloat32> loss =
          tf.math.add(
              tf.math.mul(
                  actorScale,
                  tf.math.add(
                      policyLoss,
                      tf.math.mul(
                          tf.constant((float) hp.entropyCoefficient()), tf.math.neg(entropy)))),
              tf.math.mul(tf.constant((float) hp.valueCoefficient()), valueLoss));

      // Gradients, global-norm clipping (torch.nn.utils.clip_grad_norm_), RMSprop (torch.optim).
      Gradients gradients = tf.gradients(loss, trainable);
      List<Operand<TFloat32>> grads = new ArrayList<>();
      Operand<TFloat32> squares = null;
      for (int i = 0; i < trainable.size(); i++) {
        @SuppressWarnings("unchecked")
        Operand<TFloat32> g = (Operand<TFloat32>) (Operand<?>) gradients.dy(i);
        grads.add(g);
        Operand<TFloat32> s = tf.reduceSum(tf.math.square(g), allAxes(tf, trainable.get(i)));
        squares = squares == null ? s : tf.math.add(squares, s);
      }
      gradNorm = tf.withName("grad_norm").math.sqrt(squares);
      Operand<TFloat32> clip =
          tf.math.minimum(
              one,
              tf.math.div(
                  tf.constant((float) hp.maxGradNorm()),
                  tf.math.add(gradNorm, tf.constant(1e-6f))));
      Operand<TFloat32> alpha = tf.constant((float) hp.rmsPropAlpha());
      Operand<TFloat32> oneMinusAlpha = tf.constant((float) (1 - hp.rmsPropAlpha()));
      Operand<TFloat32> lr = tf.constant((float) hp.learningRate());
      Operand<TFloat32> eps = tf.constant((float) hp.rmsPropEpsilon());
      List<Op> assigns = new ArrayList<>();
      for (int i = 0; i < trainable.size(); i++) {
        Variable<TFloat32> v = trainable.get(i);
        Shape vShape = v.shape();
        Variable<TFloat32> squareAvg =
            variable(tf, "rms_" + i, new float[(int) Math.max(1, vShape.size())], vShape);
        Operand<TFloat32> g = tf.math.mul(grads.get(i), clip);
        Operand<TFloat32> newAvg =
            tf.math.add(
                tf.math.mul(alpha, squareAvg), tf.math.mul(oneMinusAlpha, tf.math.square(g)));
        assigns.add(tf.assign(squareAvg, newAvg));
        assigns.add(
            tf.assign(
                v,
                tf.math.sub(
                    v, tf.math.div(tf.math.mul(lr, g), tf.math.add(tf.math.sqrt(newAvg), eps)))));
      }
      update = tf.withControlDependencies(assigns).withName("update").noOp();
      session = new Session(graph);
      session.initialize();
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  private static void checkInitial(
      List<PolicyPublished.DenseLayer> actor,
      int stateSize,
      ActionSpace space,
      List<Integer> hidden) {
    if (actor.size() != hidden.size() + 1) {
      throw new IllegalArgumentException(
          "initialActor must have " + (hidden.size() + 1) + " layers, has " + actor.size());
    }
    int in = stateSize;
    for (int l = 0; l <= hidden.size(); l++) {
      int out = l < hidden.size() ? hidden.get(l) : space.totalChoices();
      PolicyPublished.DenseLayer layer = actor.get(l);
      if (layer.inputs() != in || layer.outputs() != out) {
        throw new IllegalArgumentException(
            "initialActor layer "
                + l
                + " must be "
                + in
                + " x "
                + out
                + ", is "
                + layer.inputs()
                + " x "
                + layer.outputs());
      }
      in = out;
    }
  }

  /** TF's {@code [inputs][outputs]} kernel of a row-major layer. */
  private static Init kernelOf(PolicyPublished.DenseLayer layer, int in, int out) {
    return headKernelOf(layer, in, 0, out);
  }

  /** Columns {@code from..from+n-1} of a row-major layer as a TF {@code [inputs][n]} kernel. */
  private static Init headKernelOf(PolicyPublished.DenseLayer layer, int in, int from, int n) {
    float[] kernel = new float[in * n];
    for (int o = 0; o < n; o++) {
      for (int i = 0; i < in; i++) {
        kernel[i * n + o] = layer.weights().get((from + o) * in + i);
      }
    }
    return new Init(kernel, Shape.of(in, n));
  }

  private static float[] biasOf(PolicyPublished.DenseLayer layer, int from, int n) {
    float[] bias = new float[n];
    for (int o = 0; o < n; o++) {
      bias[o] = layer.biases().get(from + o);
    }
    return bias;
  }

  private static Placeholder.Options shape(long... dims) {
    return Placeholder.shape(Shape.of(dims));
  }

  private static Operand<org.tensorflow.types.TInt32> allAxes(Ops tf, Variable<TFloat32> v) {
    int rank = v.shape().numDimensions();
    int[] axes = new int[rank];
    for (int i = 0; i < rank; i++) {
      axes[i] = i;
    }
    return tf.constant(axes);
  }

  private record Init(float[] values, Shape shape) {}

  private static Init init(int in, int out, double gain, boolean orthogonal, SplittableRandom r) {
    float[] w =
        orthogonal
            ? Orthogonal.matrix(in, out, gain, r)
            : Orthogonal.uniform(in, out, 1 / Math.sqrt(in), r);
    return new Init(w, Shape.of(in, out));
  }

  private static Variable<TFloat32> variable(Ops tf, String name, Init init) {
    return variable(tf, name, init.values(), init.shape());
  }

  private static Variable<TFloat32> variable(Ops tf, String name, float[] values, Shape shape) {
    Operand<TFloat32> initial = tf.withInitScope().constant(shape, DataBuffers.of(values));
    return tf.withName(name).variable(initial);
  }

  int stateSize() {
    return stateSize;
  }

  /**
   * The actor's logits ({@code batch * totalChoices}) and the critic's values ({@code batch}) for
   * {@code batch} states.
   */
  void forward(float[] batchStates, int batch, float[] logitsOut, float[] valuesOut) {
    try (TFloat32 x = tensor(batchStates, batch, stateSize);
        Result r = session.runner().feed(states, x).fetch(logits).fetch(value).run()) {
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(logitsOut, false, false));
      ((TFloat32) r.get(1)).copyTo(DataBuffers.of(valuesOut, false, false));
    }
  }

  /** The critic's values for {@code batch} states. */
  void values(float[] batchStates, int batch, float[] valuesOut) {
    try (TFloat32 x = tensor(batchStates, batch, stateSize);
        Result r = session.runner().feed(states, x).fetch(value).run()) {
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(valuesOut, false, false));
    }
  }

  /**
   * One update on a batch.
   *
   * @param chosenRows one-hot of the chosen choice per head, {@code batch * totalChoices}
   * @param maskRows 1/0 per logit, the masks the choices were drawn under
   */
  TrainStats train(
      float[] batchStates,
      float[] chosenRows,
      float[] maskRows,
      float[] batchAdvantages,
      float[] batchReturns,
      int batch) {
    return train(batchStates, chosenRows, maskRows, batchAdvantages, batchReturns, batch, true);
  }

  /** One update; with {@code actorToo} false only the critic learns (the actor's gradient is 0). */
  TrainStats train(
      float[] batchStates,
      float[] chosenRows,
      float[] maskRows,
      float[] batchAdvantages,
      float[] batchReturns,
      int batch,
      boolean actorToo) {
    int total = space.totalChoices();
    List<TFloat32> feeds = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      TFloat32 x = tensor(batchStates, batch, stateSize);
      feeds.add(x);
      runner.feed(states, x);
      int offset = 0;
      for (int k = 0; k < space.size(); k++) {
        int n = space.heads().get(k).size();
        float[] a = new float[batch * n];
        float[] m = new float[batch * n];
        for (int b = 0; b < batch; b++) {
          System.arraycopy(chosenRows, b * total + offset, a, b * n, n);
          System.arraycopy(maskRows, b * total + offset, m, b * n, n);
        }
        TFloat32 at = tensor(a, batch, n);
        TFloat32 mt = tensor(m, batch, n);
        feeds.add(at);
        feeds.add(mt);
        runner.feed(chosen.get(k), at).feed(masks.get(k), mt);
        offset += n;
      }
      TFloat32 adv =
          TFloat32.tensorOf(Shape.of(batch), DataBuffers.of(batchAdvantages, true, false));
      TFloat32 ret = TFloat32.tensorOf(Shape.of(batch), DataBuffers.of(batchReturns, true, false));
      TFloat32 scale = TFloat32.scalarOf(actorToo ? 1f : 0f);
      feeds.add(adv);
      feeds.add(ret);
      feeds.add(scale);
      runner.feed(advantages, adv).feed(returns, ret).feed(actorScale, scale);
      try (Result r =
          runner
              .addTarget(update)
              .fetch(policyLoss)
              .fetch(valueLoss)
              .fetch(entropy)
              .fetch(gradNorm)
              .run()) {
        return new TrainStats(
            ((TFloat32) r.get(0)).getFloat(),
            ((TFloat32) r.get(1)).getFloat(),
            ((TFloat32) r.get(2)).getFloat(),
            ((TFloat32) r.get(3)).getFloat());
      }
    } finally {
      feeds.forEach(TFloat32::close);
    }
  }

  private static TFloat32 tensor(float[] values, int rows, int columns) {
    if (values.length < rows * columns) {
      throw new IllegalArgumentException(
          "values must hold " + rows + " x " + columns + " floats, has " + values.length);
    }
    return TFloat32.tensorOf(
        Shape.of(rows, columns), DataBuffers.of(values, true, false).narrow(rows * columns));
  }

  /**
   * The trained actor as dense layers: the hidden layers (tanh), then the heads' linear layers
   * concatenated into one, weights row-major {@code [outputs][inputs]}.
   */
  List<PolicyPublished.DenseLayer> actorLayers() {
    List<Variable<TFloat32>> fetch = new ArrayList<>();
    fetch.addAll(actorWeights);
    fetch.addAll(actorBiases);
    fetch.addAll(headWeights);
    fetch.addAll(headBiases);
    Session.Runner runner = session.runner();
    fetch.forEach(runner::fetch);
    List<float[]> values = new ArrayList<>();
    try (Result r = runner.run()) {
      for (int i = 0; i < fetch.size(); i++) {
        TFloat32 t = (TFloat32) r.get(i);
        float[] copy = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(copy, false, false));
        values.add(copy);
      }
    }
    int layers = actorWeights.size();
    int heads = headWeights.size();
    List<PolicyPublished.DenseLayer> out = new ArrayList<>();
    int in = stateSize;
    for (int l = 0; l < layers; l++) {
      int width = hidden.get(l);
      out.add(dense(in, width, "tanh", values.get(l), values.get(layers + l)));
      in = width;
    }
    int total = space.totalChoices();
    float[] w = new float[in * total];
    float[] b = new float[total];
    int column = 0;
    for (int k = 0; k < heads; k++) {
      int n = space.heads().get(k).size();
      float[] hw = values.get(2 * layers + k);
      float[] hb = values.get(2 * layers + heads + k);
      for (int i = 0; i < in; i++) {
        System.arraycopy(hw, i * n, w, i * total + column, n);
      }
      System.arraycopy(hb, 0, b, column, n);
      column += n;
    }
    out.add(dense(in, total, "linear", w, b));
    return List.copyOf(out);
  }

  /** A layer from TF's {@code [inputs][outputs]} kernel, transposed to row-major W. */
  private static PolicyPublished.DenseLayer dense(
      int in, int out, String activation, float[] kernel, float[] bias) {
    List<Float> weights = new ArrayList<>(in * out);
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        weights.add(kernel[i * out + o]);
      }
    }
    List<Float> biases = new ArrayList<>(out);
    for (float v : bias) {
      biases.add(v);
    }
    return new PolicyPublished.DenseLayer(in, out, activation, weights, biases);
  }

  /**
   * Exports the actor alone as a SavedModel: signature {@code serving_default} maps {@code state}
   * float32 {@code [-1, stateSize]} to {@code logits} float32 {@code [-1, totalChoices]}.
   */
  void exportActor(Path directory) throws IOException {
    exportActor(actorLayers(), directory);
  }

  /** Exports an actor given as dense layers (see {@link #exportActor(Path)}). */
  static void exportActor(List<PolicyPublished.DenseLayer> layers, Path directory)
      throws IOException {
    Files.createDirectories(directory);
    int stateSize = layers.get(0).inputs();
    try (Graph inference = new Graph()) {
      Ops tf = Ops.create(inference);
      Placeholder<TFloat32> input =
          tf.withName("state").placeholder(TFloat32.class, shape(-1, stateSize));
      Operand<TFloat32> x = input;
      List<Op> loads = new ArrayList<>();
      List<Placeholder<TFloat32>> loadInputs = new ArrayList<>();
      List<TFloat32> loadValues = new ArrayList<>();
      try {
        for (int l = 0; l < layers.size(); l++) {
          PolicyPublished.DenseLayer layer = layers.get(l);
          float[] kernel = new float[layer.inputs() * layer.outputs()];
          for (int o = 0; o < layer.outputs(); o++) {
            for (int i = 0; i < layer.inputs(); i++) {
              kernel[i * layer.outputs() + o] = layer.weights().get(o * layer.inputs() + i);
            }
          }
          float[] bias = new float[layer.outputs()];
          for (int o = 0; o < bias.length; o++) {
            bias[o] = layer.biases().get(o);
          }
          Shape ks = Shape.of(layer.inputs(), layer.outputs());
          Shape bs = Shape.of(layer.outputs());
          Variable<TFloat32> w = tf.withName("w" + l).variable(ks, TFloat32.class);
          Variable<TFloat32> b = tf.withName("b" + l).variable(bs, TFloat32.class);
          Placeholder<TFloat32> wl =
              tf.withSubScope("load").placeholder(TFloat32.class, Placeholder.shape(ks));
          Placeholder<TFloat32> bl =
              tf.withSubScope("load").placeholder(TFloat32.class, Placeholder.shape(bs));
          loads.add(tf.withSubScope("load").assign(w, wl));
          loads.add(tf.withSubScope("load").assign(b, bl));
          loadInputs.add(wl);
          loadInputs.add(bl);
          loadValues.add(TFloat32.tensorOf(ks, DataBuffers.of(kernel)));
          loadValues.add(TFloat32.tensorOf(bs, DataBuffers.of(bias)));
          Operand<TFloat32> y = tf.nn.biasAdd(tf.linalg.matMul(x, w), b);
          x = layer.activation().equals("tanh") ? tf.math.tanh(y) : y;
        }
        Operand<TFloat32> out = tf.withName("logits").identity(x);
        try (Session s = new Session(inference)) {
          Session.Runner runner = s.runner();
          for (int i = 0; i < loads.size(); i++) {
            runner.feed(loadInputs.get(i), loadValues.get(i)).addTarget(loads.get(i));
          }
          runner.run().close();
          SavedModelBundle.exporter(directory.toString())
              .withSession(s)
              .withSignature(
                  Signature.builder()
                      .key("serving_default")
                      .input("state", input)
                      .output("logits", out)
                      .build())
              .export();
        }
      } finally {
        loadValues.forEach(TFloat32::close);
      }
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
