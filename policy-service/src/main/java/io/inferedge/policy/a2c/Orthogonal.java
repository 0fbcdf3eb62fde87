package io.inferedge.policy.a2c;

import java.util.SplittableRandom;

/**
 * Weight initialisation as PyTorch's {@code nn.init.orthogonal_} (what SB3 applies with {@code
 * ortho_init=True}): a Gaussian matrix made orthonormal (Gram-Schmidt, the Q of a QR with a
 * positive diagonal), times a gain. Stateless.
 */
final class Orthogonal {

  private Orthogonal() {}

  /**
   * A TF kernel {@code [in][out]} (row-major, {@code x W}) whose transpose, PyTorch's {@code
   * [out][in]} weight, has orthonormal rows or columns (whichever are fewer), times {@code gain}.
   */
  static float[] matrix(int in, int out, double gain, SplittableRandom random) {
    int rows = Math.max(in, out);
    int cols = Math.min(in, out);
    // cols orthonormal vectors of length rows.
    double[][] q = new double[cols][rows];
    for (int c = 0; c < cols; c++) {
      double norm;
      do {
        for (int r = 0; r < rows; r++) {
          q[c][r] = random.nextGaussian();
        }
        for (int p = 0; p < c; p++) {
          double dot = 0;
          for (int r = 0; r < rows; r++) {
            dot += q[c][r] * q[p][r];
          }
          for (int r = 0; r < rows; r++) {
            q[c][r] -= dot * q[p][r];
          }
        }
        norm = 0;
        for (int r = 0; r < rows; r++) {
          norm += q[c][r] * q[c][r];
        }
        norm = Math.sqrt(norm);
      } while (norm < 1e-6);
      for (int r = 0; r < rows; r++) {
        q[c][r] /= norm;
      }
    }
    float[] kernel = new float[in * out];
    for (int i = 0; i < in; i++) {
      for (int o = 0; o < out; o++) {
        // Vectors run along the longer side.
        double v = in >= out ? q[o][i] : q[i][o];
        kernel[i * out + o] = (float) (gain * v);
      }
    }
    return kernel;
  }

  /** Uniform in {@code [-bound, bound]}: PyTorch's default {@code Linear} init, roughly. */
  static float[] uniform(int in, int out, double bound, SplittableRandom random) {
    float[] kernel = new float[in * out];
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] = (float) ((2 * random.nextDouble() - 1) * bound);
    }
    return kernel;
  }
}
