package io.inferedge.policy.environment;

/**
 * The conditions of one decision window that do not depend on the plan: the link, the server tier's
 * load from everyone else, the content. The emulator fills one with the true values before each
 * step (and shows it to the clairvoyant oracle); a planner that only knows estimates fills one from
 * the state. Mutable scratch; not thread-safe.
 */
public final class Window {

  /** Uplink bandwidth during the window, Mbit/s. */
  public double bandwidthMbps;

  /** Round-trip time seen by each frame of the window, ms. */
  public final double[] rttMs = new double[WindowModel.FRAMES];

  /** Server utilisation from other tenants and the other devices, before this stream's own. */
  public double externalLoad;

  /** Whether the content regime is busy (selects the profile's accuracy column). */
  public boolean busy;

  /**
   * {@code noCut[j]}: probability (1 or 0 when known) that no scene cut happens between frame
   * {@code j-1} and frame {@code j} (for {@code j = 0}: since the previous window's last frame).
   */
  public final double[] noCut = new double[WindowModel.FRAMES];

  /** Probability that the label held from before the window is right for its own frame. */
  public double heldCorrect;

  /** Probability that the held label's scene lasts until the previous window's last frame. */
  public double heldStay;

  public void copyFrom(Window other) {
    bandwidthMbps = other.bandwidthMbps;
    System.arraycopy(other.rttMs, 0, rttMs, 0, rttMs.length);
    externalLoad = other.externalLoad;
    busy = other.busy;
    System.arraycopy(other.noCut, 0, noCut, 0, noCut.length);
    heldCorrect = other.heldCorrect;
    heldStay = other.heldStay;
  }
}
