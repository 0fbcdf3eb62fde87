package io.inferedge.inference.model;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.inferedge.inference.frame.GreyFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's exclusive use of a model's predictor, obtained from {@link LoadedModel#acquire()}
 * and returned by {@link #close()}. Separate from prediction so callers can time the forward pass
 * without the wait for a free predictor. Not thread-safe: it belongs to the worker that acquired
 * it.
 */
public final class PredictorLease implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PredictorLease.class);

  private final String model;
  private final BoundedPool.Lease<Predictor<GreyFrame, float[]>> lease;

  PredictorLease(String model, BoundedPool.Lease<Predictor<GreyFrame, float[]>> lease) {
    this.model = model;
    this.lease = lease;
  }

  /**
   * Runs the whole model on {@code frame}.
   *
   * @return the class probabilities
   * @throws ModelExecutionException when the engine fails
   */
  public float[] predict(GreyFrame frame) {
    try {
      return lease.get().predict(frame);
    } catch (TranslateException | RuntimeException e) {
      log.error("model {} failed on a {}x{} frame", model, frame.side(), frame.side(), e);
      throw new ModelExecutionException("model " + model + " failed on a frame", e);
    }
  }

  @Override
  public void close() {
    lease.close();
  }
}
