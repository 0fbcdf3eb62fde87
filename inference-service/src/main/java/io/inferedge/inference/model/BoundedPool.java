package io.inferedge.inference.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of resources (DJL predictors, which are not thread-safe) lent to one worker at a
 * time. A borrower waits at most the acquire timeout and is then refused with {@link
 * CapacityExceededException}, so overload shows up as fast 503s instead of an unbounded queue.
 *
 * <p>Thread-safe. {@link #close()} refuses new borrowers, waits up to the acquire timeout for lent
 * resources to come back and closes everything it holds; resources still lent after that are left
 * alone (closing a predictor under a running forward pass could crash the native engine) and
 * reported by {@link #close()}'s return value.
 *
 * @param <T> the pooled resource
 */
final class BoundedPool<T extends AutoCloseable> {

  private static final Logger log = LoggerFactory.getLogger(BoundedPool.class);

  private final String name;
  private final int size;
  private final Duration acquireTimeout;
  private final BlockingQueue<T> idle;
  private volatile boolean closed;

  /**
   * Creates {@code size} resources at once with {@code factory} (called with 0..size-1).
   *
   * @param name what the pool holds, for messages, e.g. {@code model nano}
   */
  BoundedPool(String name, int size, Duration acquireTimeout, IntFunction<T> factory) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1, was " + size);
    }
    this.name = name;
    this.size = size;
    this.acquireTimeout = acquireTimeout;
    this.idle = new ArrayBlockingQueue<>(size);
    List<T> created = new ArrayList<>(size);
    try {
      for (int i = 0; i < size; i++) {
        created.add(factory.apply(i));
      }
    } catch (RuntimeException e) {
      created.forEach(BoundedPool::closeQuietly);
      throw e;
    }
    idle.addAll(created);
  }

  /**
   * Borrows a resource, waiting at most the acquire timeout.
   *
   * @throws CapacityExceededException when none became free in time or the pool is closed
   */
  Lease<T> acquire() {
    if (closed) {
      throw new CapacityExceededException(name + " is shutting down");
    }
    T resource;
    try {
      resource = idle.poll(acquireTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CapacityExceededException("interrupted while waiting for a worker of " + name);
    }
    if (resource == null) {
      throw new CapacityExceededException(
          "all "
              + size
              + " workers of "
              + name
              + " stayed busy for "
              + acquireTimeout.toMillis()
              + " ms; retry later or choose another plan");
    }
    if (closed) {
      idle.offer(resource);
      throw new CapacityExceededException(name + " is shutting down");
    }
    return new Lease<>(this, resource);
  }

  /** Number of resources, lent or not. */
  int size() {
    return size;
  }

  /** Number of resources not lent right now. */
  int available() {
    return idle.size();
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Refuses new borrowers and closes every resource, waiting up to the acquire timeout for lent
   * ones.
   *
   * @return the number of resources still lent (and so not closed) when the wait ended
   */
  int close() {
    closed = true;
    long deadline = System.nanoTime() + acquireTimeout.toNanos();
    int closedCount = 0;
    try {
      while (closedCount < size) {
        T resource = idle.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (resource == null) {
          break;
        }
        closeQuietly(resource);
        closedCount++;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int leaked = size - closedCount;
    if (leaked > 0) {
      log.warn("{}: {} worker(s) still busy at shutdown were not closed", name, leaked);
    }
    return leaked;
  }

  private void release(T resource) {
    if (!idle.offer(resource)) {
      // Cannot happen while every lease is returned once; closing beats leaking silently.
      closeQuietly(resource);
    }
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      log.warn("closing {} failed", resource, e);
    }
  }

  /** One borrowed resource; closing the lease returns it. Not thread-safe: one worker holds it. */
  static final class Lease<T extends AutoCloseable> implements AutoCloseable {
    private final BoundedPool<T> pool;
    private final T resource;
    private boolean returned;

    private Lease(BoundedPool<T> pool, T resource) {
      this.pool = pool;
      this.resource = resource;
    }

    T get() {
      if (returned) {
        throw new IllegalStateException("lease already returned");
      }
      return resource;
    }

    @Override
    public void close() {
      if (!returned) {
        returned = true;
        pool.release(resource);
      }
    }
  }
}
