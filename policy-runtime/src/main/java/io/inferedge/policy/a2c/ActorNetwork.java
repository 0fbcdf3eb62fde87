package io.inferedge.policy.a2c;

import io.inferedge.contracts.PolicyPublished;
import java.util.List;

/**
 * The actor as plain Java arrays: a stack of dense layers {@code y = act(W x + b)} evaluated
 * without TensorFlow (about a microsecond for the 64-64 actor, against tens of microseconds per TF
 * session call). Built from the layers published in {@link PolicyPublished}. Immutable, thread-safe
 * (each call uses its own scratch).
 */
public final class ActorNetwork {

  private final int[] inputs;
  private final int[] outputs;
  private final boolean[] tanh;
  private final boolean[] relu;

  /** Per layer, W transposed: {@code [inputs][outputs]}, so a column of W is contiguous. */
  private final float[][] weights;

  private final float[][] biases;
  private final int widest;

  public ActorNetwork(List<PolicyPublished.DenseLayer> layers) {
    int n = layers.size();
    if (n == 0) {
      throw new IllegalArgumentException("layers must not be empty");
    }
    inputs = new int[n];
    outputs = new int[n];
    tanh = new boolean[n];
    relu = new boolean[n];
    weights = new float[n][];
    biases = new float[n][];
    int wide = 0;
    for (int l = 0; l < n; l++) {
      PolicyPublished.DenseLayer layer = layers.get(l);
      if (l > 0 && layer.inputs() != outputs[l - 1]) {
        throw new IllegalArgumentException(
            "layer "
                + l
                + " takes "
                + layer.inputs()
                + " inputs, the previous gives "
                + outputs[l - 1]);
      }
      inputs[l] = layer.inputs();
      outputs[l] = layer.outputs();
      tanh[l] = layer.activation().equals("tanh");
      relu[l] = layer.activation().equals("relu");
      weights[l] = transpose(toArray(layer.weights()), layer.outputs(), layer.inputs());
      biases[l] = toArray(layer.biases());
      for (float w : weights[l]) {
        if (!Float.isFinite(w)) {
          throw new IllegalArgumentException("weights of layer " + l + " must be finite");
        }
      }
      for (float b : biases[l]) {
        if (!Float.isFinite(b)) {
          throw new IllegalArgumentException("biases of layer " + l + " must be finite");
        }
      }
      wide = Math.max(wide, Math.max(inputs[l], outputs[l]));
    }
    widest = wide;
  }

  /** Row-major {@code [rows][columns]} to row-major {@code [columns][rows]}. */
  private static float[] transpose(float[] m, int rows, int columns) {
    float[] t = new float[m.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        t[c * rows + r] = m[r * columns + c];
      }
    }
    return t;
  }

  private static float[] toArray(List<Float> values) {
    float[] a = new float[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = values.get(i);
    }
    return a;
  }

  /**
   * tanh as a rational function (the minimax approximation Eigen uses for float, clamped at
   * +-7.9053): absolute error below 4e-7 against {@link Math#tanh}, and about twice as fast as
   * going through {@link Math#exp}, which matters for the 128 hidden units of a decision.
   */
  static float tanh(float x) {
    float c = 7.90531110763549805f;
    float v = x > c ? c : x < -c ? -c : x;
    if (Math.abs(v) < 0.0004f) {
      return v;
    }
    float v2 = v * v;
    float p = v2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
    p = v2 * p + -8.60467152213735e-11f;
    p = v2 * p + 5.12229709037114e-08f;
    p = v2 * p + 1.48572235717979e-05f;
    p = v2 * p + 6.37261928875436e-04f;
    p = v2 * p + 4.89352455891786e-03f;
    p = v * p;
    float q = v2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
    q = v2 * q + 2.26843463243900e-03f;
    q = v2 * q + 4.89352518554385e-03f;
    return p / q;
  }

  public int inputs() {
    return inputs[0];
  }

  public int outputs() {
    return outputs[outputs.length - 1];
  }

  /** The actor's logits for {@code state} (length {@link #inputs()}). */
  public float[] logits(float[] state) {
    if (state.length != inputs[0]) {
      throw new IllegalArgumentException(
          "state must have " + inputs[0] + " features, has " + state.length);
    }
    float[] x = new float[widest];
    float[] y = new float[widest];
    System.arraycopy(state, 0, x, 0, state.length);
    for (int l = 0; l < inputs.length; l++) {
      float[] w = weights[l];
      float[] b = biases[l];
      int in = inputs[l];
      int out = outputs[l];
      System.arraycopy(b, 0, y, 0, out);
      // y += x[i] * W[:, i], four inputs per pass over y (a quarter of the loads and stores of y);
      // zero inputs (one-hot features) are skipped by the remainder loop's check.
      int i = 0;
      for (; i + 3 < in; i += 4) {
        float x0 = x[i];
        float x1 = x[i + 1];
        float x2 = x[i + 2];
        float x3 = x[i + 3];
        int c0 = i * out;
        int c1 = c0 + out;
        int c2 = c1 + out;
        int c3 = c2 + out;
        for (int o = 0; o < out; o++) {
          y[o] += x0 * w[c0 + o] + x1 * w[c1 + o] + x2 * w[c2 + o] + x3 * w[c3 + o];
        }
      }
      for (; i < in; i++) {
        float xi = x[i];
        if (xi == 0f) {
          continue;
        }
        int column = i * out;
        for (int o = 0; o < out; o++) {
          y[o] += xi * w[column + o];
        }
      }
      if (tanh[l]) {
        for (int o = 0; o < out; o++) {
          y[o] = tanh(y[o]);
        }
      } else if (relu[l]) {
        for (int o = 0; o < out; o++) {
          y[o] = Math.max(0f, y[o]);
        }
      }
      float[] swap = x;
      x = y;
      y = swap;
    }
    float[] out = new float[outputs()];
    System.arraycopy(x, 0, out, 0, out.length);
    return out;
  }
}
