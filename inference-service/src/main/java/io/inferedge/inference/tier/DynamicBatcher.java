package io.inferedge.inference.tier;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One queue of the server tier's dynamic batching: inputs submitted by many request threads run in
 * batches of up to {@code maxBatchSize} through one call, and each input's future receives its own
 * output.
 *
 * <p>One batch runs at a time per batcher, on a thread borrowed from the executor only while the
 * queue is not empty. With {@code maxDelay} 0 a batch is whatever queued while the previous one ran
 * (the first input of an idle queue runs alone, at once); with {@code maxDelay} above 0 a batch
 * waits until it is full or until {@code maxDelay} after its oldest input arrived. A failing call
 * fails the futures of its batch only; the next batch runs normally. The queue holds at most {@code
 * capacity} inputs; more are refused at once (the caller maps that to 503).
 *
 * <p>Times are wall time from {@link System#nanoTime()}: queue = arrival to the start of the
 * batch's call, compute = the call's duration.
 *
 * <p>Thread-safe.
 *
 * @param <I> an input
 * @param <O> an output
 */
public final class DynamicBatcher<I, O> {

  /** The output of one input with its timing and the size of the batch it ran in. */
  public record Completed<O>(O output, long queueNanos, long computeNanos, int batchSize) {}

  /** The queue was full or the batcher closed. */
  public static final class RejectedException extends RuntimeException {
    RejectedException(String message) {
      super(message);
    }
  }

  private final String name;
  private final int maxBatchSize;
  private final long maxDelayNanos;
  private final int capacity;
  private final Executor executor;
  private final Function<List<I>, List<O>> call;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final ArrayDeque<Pending<I, O>> queue = new ArrayDeque<>();
  private boolean draining;
  private boolean closed;

  /**
   * @param name what the queue is for, in messages
   * @param call runs a batch; must return one output per input, in order
   */
  public DynamicBatcher(
      String name,
      int maxBatchSize,
      long maxDelayNanos,
      int capacity,
      Executor executor,
      Function<List<I>, List<O>> call) {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be >= 1, was " + maxBatchSize);
    }
    if (maxDelayNanos < 0) {
      throw new IllegalArgumentException("maxDelayNanos must be >= 0, was " + maxDelayNanos);
    }
    if (capacity < maxBatchSize) {
      throw new IllegalArgumentException(
          "capacity must be >= maxBatchSize (" + maxBatchSize + "), was " + capacity);
    }
    this.name = name;
    this.maxBatchSize = maxBatchSize;
    this.maxDelayNanos = maxDelayNanos;
    this.capacity = capacity;
    this.executor = executor;
    this.call = call;
  }

  /** Queues {@code input}; the future completes when its batch has run, or fails with it. */
  public CompletableFuture<Completed<O>> submit(I input) {
    Pending<I, O> pending = new Pending<>(input, System.nanoTime());
    boolean startDrain;
    lock.lock();
    try {
      if (closed) {
        pending.future.completeExceptionally(new RejectedException(name + " is shutting down"));
        return pending.future;
      }
      if (queue.size() >= capacity) {
        pending.future.completeExceptionally(
            new RejectedException(
                name + " has " + queue.size() + " tensors waiting, its limit; retry later"));
        return pending.future;
      }
      queue.addLast(pending);
      arrived.signalAll();
      startDrain = !draining;
      draining = true;
    } finally {
      lock.unlock();
    }
    if (startDrain) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        failQueued(new RejectedException("no thread free to run " + name + ": " + e.getMessage()));
      }
    }
    return pending.future;
  }

  /** Refuses new inputs and fails those still queued; a batch already running completes. */
  public void close() {
    failQueued(new RejectedException(name + " is shutting down"), true);
  }

  private void failQueued(RuntimeException error) {
    failQueued(error, false);
  }

  private void failQueued(RuntimeException error, boolean close) {
    List<Pending<I, O>> failed;
    lock.lock();
    try {
      closed |= close;
      failed = new ArrayList<>(queue);
      queue.clear();
      draining = false;
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
    failed.forEach(p -> p.future.completeExceptionally(error));
  }

  private void drain() {
    while (true) {
      List<Pending<I, O>> batch = nextBatch();
      if (batch == null) {
        return;
      }
      run(batch);
    }
  }

  /** The next batch, or null (and no longer draining) when the queue is empty. */
  private List<Pending<I, O>> nextBatch() {
    lock.lock();
    try {
      if (queue.isEmpty()) {
        draining = false;
        return null;
      }
      if (maxDelayNanos > 0) {
        long deadline = queue.peekFirst().arrivedNanos + maxDelayNanos;
        long left;
        while (!closed
            && queue.size() < maxBatchSize
            && (left = deadline - System.nanoTime()) > 0) {
          try {
            arrived.awaitNanos(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        if (queue.isEmpty()) {
          draining = false;
          return null;
        }
      }
      int size = Math.min(maxBatchSize, queue.size());
      List<Pending<I, O>> batch = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        batch.add(queue.pollFirst());
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }

  private void run(List<Pending<I, O>> batch) {
    long started = System.nanoTime();
    List<O> outputs;
    try {
      outputs = call.apply(batch.stream().map(p -> p.input).toList());
      if (outputs == null || outputs.size() != batch.size()) {
        throw new IllegalStateException(
            name
                + ": a batch of "
                + batch.size()
                + " returned "
                + (outputs == null ? "nothing" : outputs.size() + " outputs"));
      }
    } catch (Throwable e) {
      // Even an Error fails only this batch: rethrowing would end the drain and strand the queue.
      batch.forEach(p -> p.future.completeExceptionally(e));
      return;
    }
    long computeNanos = System.nanoTime() - started;
    for (int i = 0; i < batch.size(); i++) {
      Pending<I, O> pending = batch.get(i);
      pending.future.complete(
          new Completed<>(
              outputs.get(i), started - pending.arrivedNanos, computeNanos, batch.size()));
    }
  }

  /** Inputs queued right now (for tests and metrics). */
  int queued() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  private static final class Pending<I, O> {
    final I input;
    final long arrivedNanos;
    final CompletableFuture<Completed<O>> future = new CompletableFuture<>();

    Pending(I input, long arrivedNanos) {
      this.input = input;
      this.arrivedNanos = arrivedNanos;
    }
  }

  @Override
  public String toString() {
    return name
        + " (max "
        + maxBatchSize
        + ", delay "
        + TimeUnit.NANOSECONDS.toMicros(maxDelayNanos)
        + " us)";
  }
}
