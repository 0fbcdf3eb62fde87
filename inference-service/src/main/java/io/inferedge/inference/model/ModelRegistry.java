package io.inferedge.inference.model;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.PairList;
import io.inferedge.contracts.Plan;
import io.inferedge.inference.frame.GreyFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model zoo of this instance. At start it loads every subdirectory of the model directory that
 * has a {@code manifest.json}, each exactly once through a DJL {@link Criteria} on the TensorFlow
 * engine, checks the SavedModel's signature against the manifest, runs one warm-up frame, and keeps
 * a bounded predictor pool per model. It resolves plans to models, rejecting unknown models and cut
 * points the model does not have, and closes predictors and models on {@link #close()}.
 *
 * <p>Any model that fails to load fails the whole start with a message naming the model and the
 * cause: a device that silently lacks a model would turn every plan that names it into an error.
 *
 * <p>Thread-safe: the set of models is fixed after loading.
 */
public final class ModelRegistry implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

  static final String MANIFEST = "manifest.json";

  private final Path directory;
  private final Map<String, LoadedModel> models;

  private ModelRegistry(Path directory, Map<String, LoadedModel> models) {
    this.directory = directory;
    this.models = Collections.unmodifiableMap(models);
  }

  /**
   * Loads every model under {@code directory}.
   *
   * @param predictorsPerModel predictors (concurrent workers) per model
   * @param acquireTimeout how long a request waits for a free predictor
   * @throws ModelLoadException when the directory is missing or any model cannot be loaded
   */
  public static ModelRegistry load(
      Path directory, int predictorsPerModel, Duration acquireTimeout) {
    Path dir = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException(
          "model directory "
              + dir
              + " does not exist; set infer-edge.inference.model-dir to the model zoo");
    }
    List<Path> modelDirs;
    try (Stream<Path> children = Files.list(dir)) {
      modelDirs =
          children.filter(child -> Files.isRegularFile(child.resolve(MANIFEST))).sorted().toList();
    } catch (IOException e) {
      throw new ModelLoadException("cannot list model directory " + dir + ": " + e, e);
    }
    JsonMapper json = JsonMapper.builder().build();
    Map<String, LoadedModel> loaded = new LinkedHashMap<>();
    try {
      for (Path modelDir : modelDirs) {
        LoadedModel model = loadOne(json, modelDir, predictorsPerModel, acquireTimeout);
        loaded.put(model.manifest().name(), model);
      }
    } catch (RuntimeException e) {
      loaded.values().forEach(LoadedModel::close);
      throw e;
    }
    if (loaded.isEmpty()) {
      log.warn("no models under {}: every plan will be refused", dir);
    }
    return new ModelRegistry(dir, loaded);
  }

  private static LoadedModel loadOne(
      JsonMapper json, Path modelDir, int predictorsPerModel, Duration acquireTimeout) {
    String dirName = modelDir.getFileName().toString();
    ModelManifest manifest;
    try {
      manifest = json.readValue(modelDir.resolve(MANIFEST).toFile(), ModelManifest.class);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new ModelLoadException(
          "model " + dirName + ": invalid " + modelDir.resolve(MANIFEST) + ": " + e.getMessage(),
          e);
    }
    if (!manifest.name().equals(dirName)) {
      throw new ModelLoadException(
          "model directory "
              + modelDir
              + " holds a manifest for '"
              + manifest.name()
              + "'; the directory must be named after the model");
    }
    long started = System.nanoTime();
    Criteria<GreyFrame, float[]> criteria =
        Criteria.builder()
            .setTypes(GreyFrame.class, float[].class)
            .optEngine("TensorFlow")
            .optModelPath(modelDir)
            .optModelName(manifest.name())
            .optOption("Tags", "serve")
            .optOption("SignatureDefKey", "serving_default")
            .optTranslator(
                new GreyFrameTranslator(
                    manifest.inputKey(), manifest.outputKey(), manifest.classes().size()))
            .build();
    ZooModel<GreyFrame, float[]> zooModel;
    try {
      zooModel = criteria.loadModel();
    } catch (IOException
        | MalformedModelException
        | ai.djl.repository.zoo.ModelNotFoundException
        | RuntimeException e) {
      throw new ModelLoadException(
          "model " + manifest.name() + ": cannot load the SavedModel in " + modelDir + ": " + e, e);
    }
    requireKeyOrClose("input", manifest.inputKey(), zooModel, manifest);
    requireKeyOrClose("output", manifest.outputKey(), zooModel, manifest);
    BoundedPool<Predictor<GreyFrame, float[]>> pool;
    try {
      pool =
          new BoundedPool<>(
              "model " + manifest.name(),
              predictorsPerModel,
              acquireTimeout,
              i -> zooModel.newPredictor());
    } catch (RuntimeException e) {
      zooModel.close();
      throw new ModelLoadException(
          "model " + manifest.name() + ": cannot create predictors: " + e, e);
    }
    LoadedModel model = new LoadedModel(manifest, zooModel, pool);
    try {
      warmUp(model);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    log.info(
        "loaded model {} ({} blocks, cuts {}, {} parameters) from {} with {} predictors in {} ms",
        manifest.name(),
        manifest.blocks(),
        manifest.cuts(),
        manifest.parameters(),
        modelDir,
        predictorsPerModel,
        (System.nanoTime() - started) / 1_000_000);
    return model;
  }

  private static void requireKeyOrClose(
      String kind, String key, ZooModel<GreyFrame, float[]> zooModel, ModelManifest manifest) {
    PairList<String, ?> described =
        "input".equals(kind) ? zooModel.describeInput() : zooModel.describeOutput();
    if (!described.keys().contains(key)) {
      zooModel.close();
      throw new ModelLoadException(
          "model "
              + manifest.name()
              + ": manifest names "
              + kind
              + " '"
              + key
              + "' but the serving_default signature has "
              + described.keys());
    }
  }

  /**
   * One blank frame through the graph: proves the signature and the output shape (the translator
   * checks it) match the manifest, and pays first-call costs before the first request.
   */
  private static void warmUp(LoadedModel model) {
    ModelManifest manifest = model.manifest();
    int side = manifest.frameSide();
    try (PredictorLease lease = model.acquire()) {
      lease.predict(new GreyFrame(side, new float[side * side]));
    } catch (RuntimeException e) {
      throw new ModelLoadException(
          "model " + manifest.name() + ": the warm-up prediction failed: " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root);
  }

  /**
   * The model that executes {@code plan}.
   *
   * @throws ModelNotFoundException when the plan names a model that is not loaded
   * @throws PlanNotSupportedException when the model has no such cut point
   */
  public LoadedModel resolve(Plan plan) {
    LoadedModel model = models.get(plan.modelVersion());
    if (model == null) {
      throw new ModelNotFoundException(
          "plan "
              + plan.configId()
              + " names model '"
              + plan.modelVersion()
              + "', but this instance has "
              + (models.isEmpty() ? "no models" : "only " + models.keySet()));
    }
    model.manifest().requireCut(plan);
    return model;
  }

  /** The loaded models in name order. */
  public Collection<LoadedModel> models() {
    return models.values();
  }

  /** Where the models were loaded from. */
  public Path directory() {
    return directory;
  }

  /** Whether at least one model is loaded and none has been closed. */
  public boolean allLoaded() {
    return !models.isEmpty() && models.values().stream().allMatch(LoadedModel::isOpen);
  }

  @Override
  public void close() {
    List<LoadedModel> toClose = new ArrayList<>(models.values());
    Collections.reverse(toClose);
    toClose.forEach(LoadedModel::close);
  }
}
