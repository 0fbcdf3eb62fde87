package io.inferedge.inference.model;

import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * One model of the zoo, loaded once: its manifest and each of its loaded signatures ({@code full},
 * {@code head_k}, {@code tail_k}) with its own bounded predictor pool.
 *
 * <p>Thread-safe: the set of signatures is fixed after loading.
 */
public final class LoadedModel {

  private final ModelManifest manifest;
  private final Map<String, LoadedSignature> signatures;

  LoadedModel(ModelManifest manifest, Map<String, LoadedSignature> signatures) {
    this.manifest = manifest;
    this.signatures = Collections.unmodifiableMap(signatures);
  }

  public ModelManifest manifest() {
    return manifest;
  }

  /**
   * Borrows a predictor of the whole network ({@code full}), waiting at most the acquire timeout.
   *
   * @throws CapacityExceededException when every predictor stayed busy
   */
  public PredictorLease acquire() {
    return acquire(manifest.fullSignature());
  }

  /**
   * Borrows a predictor of {@code signature}, waiting at most the acquire timeout.
   *
   * @throws PlanNotSupportedException when this instance has not loaded that signature
   * @throws CapacityExceededException when every predictor stayed busy
   */
  public PredictorLease acquire(String signature) {
    LoadedSignature loaded = signatures.get(signature);
    if (loaded == null) {
      throw new PlanNotSupportedException(
          "model "
              + manifest.name()
              + " has no signature '"
              + signature
              + "' loaded on this instance (loaded: "
              + signatures.keySet()
              + ")");
    }
    return loaded.acquire();
  }

  /** The names of the loaded signatures. */
  public Set<String> signatures() {
    return signatures.keySet();
  }

  /** Predictors of the whole network, busy or not. */
  public int predictors() {
    return signatures.get(manifest.fullSignature()).predictors();
  }

  /** Predictors of the whole network free right now. */
  public int availablePredictors() {
    return signatures.get(manifest.fullSignature()).availablePredictors();
  }

  /**
   * Predictors of {@code signature}, busy or not.
   *
   * @throws IllegalArgumentException when it is not loaded
   */
  public int predictors(String signature) {
    return loaded(signature).predictors();
  }

  /**
   * Predictors of {@code signature} free right now.
   *
   * @throws IllegalArgumentException when it is not loaded
   */
  public int availablePredictors(String signature) {
    return loaded(signature).availablePredictors();
  }

  private LoadedSignature loaded(String signature) {
    LoadedSignature loaded = signatures.get(signature);
    if (loaded == null) {
      throw new IllegalArgumentException(
          "signature must be one of " + signatures.keySet() + ", was " + signature);
    }
    return loaded;
  }

  boolean isOpen() {
    return signatures.values().stream().allMatch(LoadedSignature::isOpen);
  }

  void close() {
    signatures.values().forEach(LoadedSignature::close);
  }
}
