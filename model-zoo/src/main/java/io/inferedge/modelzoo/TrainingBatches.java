package io.inferedge.modelzoo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The training batches of a run, composed on a background thread so that frame rendering overlaps
 * TensorFlow's step: frames from a {@link FrameSource} with one item per frame, each batch
 * area-downscaled to a side drawn uniformly from the given sides (multi-resolution augmentation).
 *
 * <p>One producer draws everything in a fixed order, so the sequence of batches depends only on the
 * items, the seed and the sizes. Not thread-safe on the consumer side: one caller of {@link
 * #next()}. Close it to stop the producer.
 */
final class TrainingBatches implements AutoCloseable {

  /** One batch: {@code labels.length} frames of {@code side x side} floats in [0, 1]. */
  record Batch(float[] pixels, int side, int[] labels) {}

  private static final int PREFETCH = 4;

  private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(PREFETCH);
  private final ExecutorService producer;
  private final Future<?> production;
  private int remaining;

  TrainingBatches(List<Item> items, long seed, List<Integer> sides, int batchSize, int count) {
    if (sides.isEmpty()) {
      throw new IllegalArgumentException("sides must not be empty");
    }
    this.remaining = count;
    this.producer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "training-batches");
              t.setDaemon(true);
              return t;
            });
    FrameSource frames = new FrameSource(items, seed, 1);
    SplittableRandom sideDraws = new SplittableRandom(seed ^ 0x51DE5L);
    this.production =
        producer.submit(
            () -> {
              for (int b = 0; b < count; b++) {
                List<Frame> batch = new ArrayList<>(batchSize);
                for (int i = 0; i < batchSize; i++) {
                  batch.add(frames.next());
                }
                int side = sides.get(sideDraws.nextInt(sides.size()));
                queue.put(new Batch(Batches.pixels(batch, side), side, Batches.labels(batch)));
              }
              return null;
            });
  }

  /**
   * The next batch, waiting for the producer if needed.
   *
   * @throws IllegalStateException if all batches were taken or the producer failed
   */
  Batch next() throws InterruptedException {
    if (remaining <= 0) {
      throw new IllegalStateException("all batches have been taken");
    }
    while (true) {
      Batch batch = queue.poll(100, TimeUnit.MILLISECONDS);
      if (batch != null) {
        remaining--;
        return batch;
      }
      if (production.isDone()) {
        try {
          production.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("composing training frames failed", e.getCause());
        }
        throw new IllegalStateException("the producer stopped early");
      }
    }
  }

  @Override
  public void close() {
    producer.shutdownNow();
  }
}
