package io.inferedge.policy.a2c;

import io.inferedge.policy.environment.ActionSpace;
import java.util.random.RandomGenerator;

/**
 * Chooses a factored action from the actor's logits, head after head, each head a categorical
 * distribution restricted to the choices its mask allows; a head's mask may depend on the choices
 * already made (the cut head on the chosen model). Masked choices get probability 0, the others the
 * softmax of their logits renormalised. Used the same way in training (sampling) and serving (the
 * most probable choice). Stateless; thread-safe if the mask source is.
 */
public final class MaskedHeads {

  /** Writes which choices of a head are allowed given the earlier heads' choices. */
  @FunctionalInterface
  public interface Masks {
    void mask(int head, int[] action, boolean[] allowed);
  }

  private MaskedHeads() {}

  /**
   * Chooses every head.
   *
   * @param logits the actor's output, heads concatenated
   * @param random null to take each head's most probable allowed choice, else draws from it
   * @param action receives one choice per head
   * @param maskRow if not null, receives 1/0 per logit: the masks used (for training)
   * @param probabilities if not null, receives the masked probabilities per logit
   */
  public static void choose(
      float[] logits,
      ActionSpace space,
      Masks masks,
      RandomGenerator random,
      int[] action,
      float[] maskRow,
      double[] probabilities) {
    int offset = 0;
    boolean[] allowed = new boolean[maxHead(space)];
    double[] p = new double[allowed.length];
    for (int h = 0; h < space.size(); h++) {
      int n = space.heads().get(h).size();
      masks.mask(h, action, allowed);
      softmax(logits, offset, n, allowed, p);
      action[h] = random == null ? argmax(p, n) : draw(p, n, random.nextDouble());
      for (int i = 0; i < n; i++) {
        if (maskRow != null) {
          maskRow[offset + i] = allowed[i] ? 1f : 0f;
        }
        if (probabilities != null) {
          probabilities[offset + i] = p[i];
        }
      }
      offset += n;
    }
  }

  static int maxHead(ActionSpace space) {
    return space.heads().stream().mapToInt(ActionSpace.Head::size).max().orElseThrow();
  }

  /** Masked softmax of {@code logits[offset..offset+n)} into {@code p[0..n)}. */
  static void softmax(float[] logits, int offset, int n, boolean[] allowed, double[] p) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      if (allowed[i] && logits[offset + i] > max) {
        max = logits[offset + i];
      }
    }
    if (max == Double.NEGATIVE_INFINITY) {
      throw new IllegalStateException("a head's mask must allow at least one choice");
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      p[i] = allowed[i] ? Math.exp(logits[offset + i] - max) : 0;
      sum += p[i];
    }
    for (int i = 0; i < n; i++) {
      p[i] /= sum;
    }
  }

  static int argmax(double[] p, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }

  static int draw(double[] p, int n, double u) {
    double cumulative = 0;
    int last = 0;
    for (int i = 0; i < n; i++) {
      if (p[i] > 0) {
        cumulative += p[i];
        last = i;
        if (u < cumulative) {
          return i;
        }
      }
    }
    return last; // rounding: u just below 1
  }
}
