package io.inferedge.inference.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batcher with a real thread pool and a batch call that the test holds on a latch, so which
 * inputs share a batch is decided by the test, not by timing.
 */
class DynamicBatcherTest {

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<List<Integer>> calls = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  /** Negates every input; the first call waits until {@code release} opens. */
  private Function<List<Integer>, List<Integer>> negating(CountDownLatch release) {
    return inputs -> {
      calls.add(List.copyOf(inputs));
      if (calls.size() == 1) {
        awaitLatch(release);
      }
      return inputs.stream().map(i -> -i).toList();
    };
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void batchesWhatQueuedWhileThePreviousBatchRanAndSplitsTheOutputs() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    DynamicBatcher<Integer, Integer> batcher =
        new DynamicBatcher<>("test", 4, 0, 16, executor, negating(release));

    var first = batcher.submit(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 1);
    List<CompletableFuture<DynamicBatcher.Completed<Integer>>> queued = new ArrayList<>();
    for (int i = 2; i <= 7; i++) {
      queued.add(batcher.submit(i));
    }
    assertThat(batcher.queued()).isEqualTo(6);
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS).output()).isEqualTo(-1);
    assertThat(first.get().batchSize()).isEqualTo(1);
    for (int i = 0; i < queued.size(); i++) {
      DynamicBatcher.Completed<Integer> done = queued.get(i).get(10, TimeUnit.SECONDS);
      assertThat(done.output()).isEqualTo(-(i + 2));
      assertThat(done.queueNanos()).isNotNegative();
      assertThat(done.computeNanos()).isNotNegative();
    }
    // max batch 4: the six that queued run as 4 then 2, in arrival order.
    assertThat(calls).containsExactly(List.of(1), List.of(2, 3, 4, 5), List.of(6, 7));
    assertThat(queued.get(0).get().batchSize()).isEqualTo(4);
    assertThat(queued.get(5).get().batchSize()).isEqualTo(2);
  }

  @Test
  void withADelayABatchWaitsToFill() throws Exception {
    DynamicBatcher<Integer, Integer> batcher =
        new DynamicBatcher<>(
            "test",
            3,
            TimeUnit.SECONDS.toNanos(30),
            16,
            executor,
            inputs -> {
              calls.add(List.copyOf(inputs));
              return inputs.stream().map(i -> -i).toList();
            });

    var a = batcher.submit(1);
    var b = batcher.submit(2);
    var c = batcher.submit(3); // fills the batch long before the 30 s delay

    assertThat(c.get(10, TimeUnit.SECONDS).batchSize()).isEqualTo(3);
    assertThat(a.get().output()).isEqualTo(-1);
    assertThat(b.get().output()).isEqualTo(-2);
    assertThat(calls).containsExactly(List.of(1, 2, 3));
  }

  @Test
  void aFailedCallFailsEveryFutureOfItsBatchButNotTheNextBatch() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    DynamicBatcher<Integer, Integer> batcher =
        new DynamicBatcher<>(
            "test",
            8,
            0,
            16,
            executor,
            inputs -> {
              calls.add(List.copyOf(inputs));
              if (calls.size() == 1) {
                awaitLatch(release);
                throw new IllegalStateException("engine failed");
              }
              return inputs.stream().map(i -> -i).toList();
            });

    var first = batcher.submit(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 1);
    release.countDown();
    assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("engine failed");

    var second = batcher.submit(2);
    assertThat(second.get(10, TimeUnit.SECONDS).output()).isEqualTo(-2);
  }

  @Test
  void aFailedBatchOfSeveralFailsThemAll() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    DynamicBatcher<Integer, Integer> batcher =
        new DynamicBatcher<>(
            "test",
            8,
            0,
            16,
            executor,
            inputs -> {
              calls.add(List.copyOf(inputs));
              if (calls.size() == 1) {
                awaitLatch(release);
                return inputs.stream().map(i -> -i).toList();
              }
              if (calls.size() == 2) {
                throw new IllegalStateException("engine failed on a batch");
              }
              return inputs.stream().map(i -> -i).toList();
            });

    var first = batcher.submit(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 1);
    var b = batcher.submit(2);
    var c = batcher.submit(3);
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS).output()).isEqualTo(-1);
    for (var failed : List.of(b, c)) {
      assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
          .hasRootCauseMessage("engine failed on a batch");
    }
    assertThat(calls.get(1)).containsExactly(2, 3);
    assertThat(batcher.submit(4).get(10, TimeUnit.SECONDS).output()).isEqualTo(-4);
  }

  @Test
  void aCallReturningTheWrongNumberOfOutputsFailsItsBatch() {
    DynamicBatcher<Integer, Integer> batcher =
        new DynamicBatcher<>("test", 8, 0, 16, executor, inputs -> List.of());

    assertThatThrownBy(() -> batcher.submit(1).get(10, TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("test: a batch of 1 returned 0 outputs");
  }

  @Test
  void refusesInputsBeyondItsCapacityAndAfterClose() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    DynamicBatcher<Integer, Integer> batcher =
        new DynamicBatcher<>("test", 2, 0, 2, executor, negating(release));

    var running = batcher.submit(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 1);
    var a = batcher.submit(1);
    var b = batcher.submit(2);
    var refused = batcher.submit(3);

    assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(DynamicBatcher.RejectedException.class)
        .hasMessageContaining("limit");
    batcher.close();
    assertThatThrownBy(() -> a.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(DynamicBatcher.RejectedException.class);
    assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(DynamicBatcher.RejectedException.class);
    assertThatThrownBy(() -> batcher.submit(4).get(10, TimeUnit.SECONDS))
        .hasMessageContaining("shutting down");
    release.countDown();
    assertThat(running.get(10, TimeUnit.SECONDS).output()).isEqualTo(0);
  }
}
