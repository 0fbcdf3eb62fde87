package io.inferedge.inference.model;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.inferedge.inference.frame.GreyFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's exclusive use of a predictor of one signature, obtained from {@link
 * LoadedModel#acquire(String)} and returned by {@link #close()}. Separate from prediction so
 * callers can time the forward pass without the wait for a free predictor. Not thread-safe: it
 * belongs to the worker that acquired it.
 */
public final class PredictorLease implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PredictorLease.class);

  private final String model;
  private final String signature;
  private final BoundedPool.Lease<Predictor<Tensor, Tensor>> lease;

  PredictorLease(
      String model, String signature, BoundedPool.Lease<Predictor<Tensor, Tensor>> lease) {
    this.model = model;
    this.signature = signature;
    this.lease = lease;
  }

  /**
   * Runs the signature on {@code input}.
   *
   * @return its output, batch axis first
   * @throws ModelExecutionException when the engine fails
   */
  public Tensor run(Tensor input) {
    try {
      return lease.get().predict(input);
    } catch (TranslateException | RuntimeException e) {
      log.error("model {} signature {} failed on a {} tensor", model, signature, input, e);
      throw new ModelExecutionException(
          "model " + model + " signature " + signature + " failed on a " + input + " tensor", e);
    }
  }

  /**
   * Runs the signature on one frame: {@code [1, side, side, 1]} in.
   *
   * @return the output of the single frame's row, e.g. the class probabilities of {@code full}
   */
  public float[] predict(GreyFrame frame) {
    return run(frameTensor(frame)).data();
  }

  /** A frame as the models take it, NHWC {@code [1, side, side, 1]}. */
  public static Tensor frameTensor(GreyFrame frame) {
    return new Tensor(frame.pixels(), new int[] {1, frame.side(), frame.side(), 1});
  }

  @Override
  public void close() {
    lease.close();
  }
}
