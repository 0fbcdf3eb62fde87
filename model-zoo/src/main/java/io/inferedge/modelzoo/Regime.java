package io.inferedge.modelzoo;

/**
 * How often a video stream cuts to a new scene (a new item): the content dynamics a policy may
 * adapt to, e.g. by skipping frames in calm stretches. A regime is a class of cut rate: {@code
 * BUSY} when scenes last less than {@value #BUSY_BELOW_FRAMES} frames on average (more than one cut
 * per second at 30 fps), {@code CALM} otherwise.
 */
public enum Regime {
  /** Long scenes: few cuts, frame skipping costs little accuracy. */
  CALM,
  /** Short scenes: frequent cuts, a stale label is often wrong. */
  BUSY;

  /** Mean scene length, in frames, below which a stream is busy. */
  public static final int BUSY_BELOW_FRAMES = 30;

  /** The regime of a stream whose scenes last {@code meanSceneFrames} on average. */
  public static Regime of(double meanSceneFrames) {
    if (!(meanSceneFrames >= 1)) {
      throw new IllegalArgumentException("meanSceneFrames must be >= 1, was " + meanSceneFrames);
    }
    return meanSceneFrames < BUSY_BELOW_FRAMES ? BUSY : CALM;
  }
}
