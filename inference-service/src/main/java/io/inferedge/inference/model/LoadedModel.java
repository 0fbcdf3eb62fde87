package io.inferedge.inference.model;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import io.inferedge.inference.frame.GreyFrame;

/**
 * One model of the zoo, loaded once: its manifest, the DJL {@link ZooModel} (the TensorFlow
 * session) and a bounded pool of predictors over it.
 *
 * <p>Thread-safe: the session is shared, each predictor is used by one worker at a time.
 */
public final class LoadedModel {

  private final ModelManifest manifest;
  private final ZooModel<GreyFrame, float[]> model;
  private final BoundedPool<Predictor<GreyFrame, float[]>> predictors;

  LoadedModel(
      ModelManifest manifest,
      ZooModel<GreyFrame, float[]> model,
      BoundedPool<Predictor<GreyFrame, float[]>> predictors) {
    this.manifest = manifest;
    this.model = model;
    this.predictors = predictors;
  }

  public ModelManifest manifest() {
    return manifest;
  }

  /**
   * Borrows a predictor, waiting at most the acquire timeout.
   *
   * @throws CapacityExceededException when every predictor stayed busy
   */
  public PredictorLease acquire() {
    return new PredictorLease(manifest.name(), predictors.acquire());
  }

  /** Predictors of this model, busy or not. */
  public int predictors() {
    return predictors.size();
  }

  /** Predictors free right now. */
  public int availablePredictors() {
    return predictors.available();
  }

  boolean isOpen() {
    return !predictors.isClosed();
  }

  /**
   * Closes the predictors, then the model. If a predictor is still busy after the wait the model is
   * left open: freeing a TensorFlow session under a running forward pass crashes the JVM, leaking
   * it at shutdown does not.
   */
  void close() {
    int busy = predictors.close();
    if (busy == 0) {
      model.close();
    }
  }
}
