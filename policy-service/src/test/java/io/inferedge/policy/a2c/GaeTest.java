package io.inferedge.policy.a2c;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaeTest {

  /**
   * By hand, gamma 0.9, lambda 0.8, one environment, rewards 1, 0, 2; values 0.5, 0.4, 0.3; the
   * episode ends after step 1; V(s_3) = 0.6:
   *
   * <pre>
   * t=2: delta = 2 + 0.9*0.6 - 0.3 = 2.24                      A = 2.24
   * t=1: delta = 0 - 0.4 (done: no bootstrap) = -0.4            A = -0.4 (done: no carry)
   * t=0: delta = 1 + 0.9*0.4 - 0.5 = 0.86                       A = 0.86 + 0.9*0.8*(-0.4) = 0.572
   * returns = A + V = 1.072, 0.0, 2.54
   * </pre>
   */
  @Test
  void matchesAHandComputedRollout() {
    float[] advantages = new float[3];
    float[] returns = new float[3];
    Gae.compute(
        new float[] {1, 0, 2},
        new float[] {0.5f, 0.4f, 0.3f},
        new boolean[] {false, true, false},
        new float[] {0.6f},
        0.9,
        0.8,
        advantages,
        returns);
    assertThat(advantages[0]).isCloseTo(0.572f, within(1e-5f));
    assertThat(advantages[1]).isCloseTo(-0.4f, within(1e-5f));
    assertThat(advantages[2]).isCloseTo(2.24f, within(1e-5f));
    assertThat(returns).containsExactly(new float[] {1.072f, 0f, 2.54f}, within(1e-5f));
  }

  /** With lambda 1 (SB3's A2C default) the returns are plain discounted n-step returns. */
  @Test
  void lambdaOneGivesNStepReturnsPerEnvironmentInStepMajorOrder() {
    // Two environments interleaved step-major: env 0 gets rewards 1, 1; env 1 gets 0, 3.
    float[] advantages = new float[4];
    float[] returns = new float[4];
    Gae.compute(
        new float[] {1, 0, 1, 3},
        new float[] {0, 0, 0, 0},
        new boolean[] {false, false, false, true},
        new float[] {10, 10},
        0.5,
        1.0,
        advantages,
        returns);
    // env 0: R1 = 1 + 0.5*10 = 6, R0 = 1 + 0.5*6 = 4; env 1: R1 = 3 (done), R0 = 0 + 0.5*3 = 1.5
    assertThat(returns).containsExactly(new float[] {4f, 1.5f, 6f, 3f}, within(1e-6f));
  }

  @Test
  void rejectsArraysOfDifferentLengths() {
    assertThatThrownBy(
            () ->
                Gae.compute(
                    new float[4],
                    new float[3],
                    new boolean[4],
                    new float[2],
                    0.99,
                    1,
                    new float[4],
                    new float[4]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
