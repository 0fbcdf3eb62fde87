package io.inferedge.inference.tier;

import io.inferedge.inference.InferenceProperties;
import io.inferedge.inference.model.CapacityExceededException;
import io.inferedge.inference.model.LoadedModel;
import io.inferedge.inference.model.PredictorLease;
import io.inferedge.inference.model.Tensor;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The server tier's side of a split plan: runs the server signature of a cut ({@code tail_k}, or
 * {@code full} for cut 0) on tensors from any number of devices, through one {@link DynamicBatcher}
 * per model, cut and tensor shape (tensors of different resolutions cannot be stacked). A batch is
 * one predictor call on the stacked tensors {@code [n, h, w, c]}; its {@code [n, classes]} output
 * is split back into one row per tensor.
 *
 * <p>Batch threads come from one pool of at most {@value #MAX_THREADS} threads, held only while a
 * queue has work; each queue holds at most {@value #QUEUE_CAPACITY} tensors. Overload is refused
 * with 503 rather than queued without bound. Each queue's depth is the gauge {@code
 * inference.batcher.queue}, tagged {@code model}, {@code cut} and {@code shape}, registered when
 * the queue is created.
 *
 * <p>Thread-safe.
 */
@Component
final class TailExecutor implements DisposableBean {

  static final int MAX_THREADS = 64;
  static final int QUEUE_CAPACITY = 256;

  /** What the server tier did for one tensor. */
  record TailResult(float[] probabilities, long queueMicros, long computeMicros, int batchSize) {}

  private final InferenceProperties.Batching batching;
  private final Duration waitLimit;
  private final ConcurrentHashMap<String, DynamicBatcher<Tensor, Tensor>> batchers =
      new ConcurrentHashMap<>();
  private final AtomicInteger threads = new AtomicInteger();
  private final ThreadPoolExecutor executor =
      new ThreadPoolExecutor(
          0,
          MAX_THREADS,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          runnable -> {
            Thread thread = new Thread(runnable, "tail-batches-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });

  private final MeterRegistry meters;

  TailExecutor(InferenceProperties properties, MeterRegistry meters) {
    this.meters = meters;
    this.batching = properties.batching();
    // A tensor waits for its batch, for a predictor (up to the acquire timeout) and for the call.
    this.waitLimit =
        batching.maxDelay().plus(properties.acquireTimeout()).plus(Duration.ofSeconds(30));
  }

  /**
   * Runs {@code signature} of {@code model} on one tensor {@code [1, ...]}, batched with others of
   * the same model, cut and shape, and waits for its row of the output.
   *
   * @throws CapacityExceededException when the queue or the predictors are saturated
   */
  TailResult run(LoadedModel model, int cut, String signature, Tensor input) {
    String key = model.manifest().name() + "/c" + cut + "/" + input.shapeText();
    DynamicBatcher<Tensor, Tensor> batcher =
        batchers.computeIfAbsent(key, k -> newBatcher(k, model, cut, signature, input.shapeText()));
    CompletableFuture<DynamicBatcher.Completed<Tensor>> future = batcher.submit(input);
    DynamicBatcher.Completed<Tensor> done;
    try {
      done = future.get(waitLimit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CapacityExceededException("interrupted while waiting for " + key);
    } catch (TimeoutException e) {
      throw new CapacityExceededException(
          key + " did not run within " + waitLimit.toMillis() + " ms; retry later");
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
    return new TailResult(
        done.output().data(),
        TimeUnit.NANOSECONDS.toMicros(done.queueNanos()),
        TimeUnit.NANOSECONDS.toMicros(done.computeNanos()),
        done.batchSize());
  }

  private DynamicBatcher<Tensor, Tensor> newBatcher(
      String key, LoadedModel model, int cut, String signature, String shape) {
    var batcher =
        new DynamicBatcher<Tensor, Tensor>(
            "tail queue " + key,
            batching.maxBatchSize(),
            batching.maxDelay().toNanos(),
            Math.max(QUEUE_CAPACITY, batching.maxBatchSize()),
            executor,
            inputs -> runBatch(model, signature, inputs));
    Gauge.builder("inference.batcher.queue", batcher, DynamicBatcher::queued)
        .description("Tensors waiting in a server-tier batching queue")
        .tag("model", model.manifest().name())
        .tag("cut", Integer.toString(cut))
        .tag("shape", shape)
        .strongReference(true)
        .register(meters);
    return batcher;
  }

  private static List<Tensor> runBatch(LoadedModel model, String signature, List<Tensor> inputs) {
    Tensor stacked = inputs.size() == 1 ? inputs.get(0) : Tensor.stack(inputs);
    Tensor output;
    try (PredictorLease lease = model.acquire(signature)) {
      output = lease.run(stacked);
    }
    return inputs.size() == 1 ? List.of(output) : output.unstack();
  }

  private static RuntimeException unwrap(Throwable cause) {
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof DynamicBatcher.RejectedException rejected) {
      return new CapacityExceededException(rejected.getMessage());
    }
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    return new IllegalStateException(cause);
  }

  @Override
  public void destroy() throws InterruptedException {
    batchers.values().forEach(DynamicBatcher::close);
    executor.shutdown();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
