package io.inferedge.inference.tier;

import java.util.concurrent.locks.LockSupport;

/**
 * Emulated time made real: the device slowdown and the link transfer are slept so that end-to-end
 * latency is wall time on this machine (DESIGN section 5). This is not waiting for a condition; the
 * sleep is the emulation. Stateless and thread-safe.
 */
public final class Pause {

  private Pause() {}

  /**
   * Sleeps for {@code nanos} (parking until the deadline, so an early wake-up sleeps again).
   *
   * @return the time actually slept, in nanoseconds (at least {@code nanos} unless interrupted)
   */
  public static long sleep(long nanos) {
    if (nanos <= 0) {
      return 0;
    }
    long started = System.nanoTime();
    long deadline = started + nanos;
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
    }
    return System.nanoTime() - started;
  }
}
