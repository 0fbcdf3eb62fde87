package io.inferedge.inference.model;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;

/**
 * One signature of a SavedModel ({@code full}, {@code head_k} or {@code tail_k}), loaded once: the
 * DJL {@link ZooModel} (its own TensorFlow session, because DJL's TensorFlow engine serves one
 * signature per loaded model) and a bounded pool of predictors over it.
 *
 * <p>Thread-safe: the session is shared, each predictor is used by one worker at a time.
 */
final class LoadedSignature {

  private final String model;
  private final String name;
  private final ZooModel<Tensor, Tensor> zooModel;
  private final BoundedPool<Predictor<Tensor, Tensor>> predictors;

  LoadedSignature(
      String model,
      String name,
      ZooModel<Tensor, Tensor> zooModel,
      BoundedPool<Predictor<Tensor, Tensor>> predictors) {
    this.model = model;
    this.name = name;
    this.zooModel = zooModel;
    this.predictors = predictors;
  }

  String name() {
    return name;
  }

  PredictorLease acquire() {
    return new PredictorLease(model, name, predictors.acquire());
  }

  int predictors() {
    return predictors.size();
  }

  int availablePredictors() {
    return predictors.available();
  }

  boolean isOpen() {
    return !predictors.isClosed();
  }

  /**
   * Closes the predictors, then the session, unless a predictor is still busy after the wait:
   * freeing a TensorFlow session under a running forward pass crashes the JVM, leaking it at
   * shutdown does not.
   */
  void close() {
    if (predictors.close() == 0) {
      zooModel.close();
    }
  }
}
