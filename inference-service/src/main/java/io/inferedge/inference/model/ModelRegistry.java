package io.inferedge.inference.model;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.PairList;
import io.inferedge.contracts.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model zoo of this instance. At start it loads every subdirectory of the model directory that
 * has a {@code manifest.json}: every signature the manifest's cut points name ({@code full}, {@code
 * head_k}, {@code tail_k}), each exactly once through its own DJL {@link Criteria} on the
 * TensorFlow engine (option {@code SignatureDefKey}; DJL serves one signature per loaded model). It
 * checks each signature's input and output keys against the manifest, runs one warm-up input
 * through it (checking the output shape the manifest gives), and keeps a bounded predictor pool per
 * signature. The whole zoo (4 models, 30 signatures) loads in a few seconds; the total is logged.
 * It resolves plans to models, rejecting unknown models and cut points the model does not have, and
 * closes predictors and models on {@link #close()}.
 *
 * <p>A model whose directory has a manifest but whose files are missing or corrupt (no or a garbage
 * {@code saved_model.pb}, no {@code variables/}, a manifest that is not valid or names signatures,
 * keys or shapes the SavedModel lacks) does not stop the start: the registry keeps the models that
 * loaded and records a {@link ModelLoadFailure} naming the model, the file at fault and the reason,
 * logged once at ERROR. The instance is then not ready ({@link #allLoaded()} is false, the {@code
 * models} health indicator is DOWN and names the file), and a plan naming that model gets a 503
 * ({@link ModelNotLoadedException}) rather than the 422 of a model that does not exist. A model
 * directory that does not exist still fails the start; an empty zoo starts, not ready.
 *
 * <p>Thread-safe: the sets of models and failures are fixed after loading.
 */
public final class ModelRegistry implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

  static final String MANIFEST = "manifest.json";
  static final String SAVED_MODEL = "saved_model.pb";
  static final String VARIABLES = "variables";

  private final Path directory;
  private final Map<String, LoadedModel> models;
  private final Map<String, ModelLoadFailure> failures;

  private ModelRegistry(
      Path directory, Map<String, LoadedModel> models, Map<String, ModelLoadFailure> failures) {
    this.directory = directory;
    this.models = Collections.unmodifiableMap(models);
    this.failures = Collections.unmodifiableMap(failures);
  }

  /**
   * Loads every model under {@code directory}; a model that cannot be loaded is recorded in {@link
   * #failures()} and logged at ERROR, and the others load.
   *
   * @param predictorsPerModel predictors (concurrent workers) per model
   * @param acquireTimeout how long a request waits for a free predictor
   * @throws ModelLoadException when the directory is missing or cannot be listed
   */
  public static ModelRegistry load(
      Path directory, int predictorsPerModel, Duration acquireTimeout) {
    long started = System.nanoTime();
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
    Map<String, ModelLoadFailure> failed = new LinkedHashMap<>();
    try {
      for (Path modelDir : modelDirs) {
        String name = modelDir.getFileName().toString();
        try {
          LoadedModel model = loadOne(json, modelDir, predictorsPerModel, acquireTimeout);
          loaded.put(model.manifest().name(), model);
        } catch (ModelLoadException e) {
          Path file = e.file() == null ? modelDir : e.file();
          ModelLoadFailure failure = new ModelLoadFailure(name, file, e.getMessage());
          failed.put(name, failure);
          log.error(
              "model {} failed to load from {}, so this instance is not ready: {}",
              name,
              failure.file(),
              failure.reason(),
              e);
        }
      }
    } catch (RuntimeException e) {
      loaded.values().forEach(LoadedModel::close);
      throw e;
    }
    if (modelDirs.isEmpty()) {
      log.warn("no models under {}: every plan will be refused", dir);
    }
    log.info(
        "model zoo loaded in {} ms: {} model(s), {} signature(s); {} failed {}",
        (System.nanoTime() - started) / 1_000_000,
        loaded.size(),
        loaded.values().stream().mapToInt(m -> m.signatures().size()).sum(),
        failed.size(),
        failed.keySet());
    return new ModelRegistry(dir, loaded, failed);
  }

  private static LoadedModel loadOne(
      JsonMapper json, Path modelDir, int predictorsPerModel, Duration acquireTimeout) {
    String dirName = modelDir.getFileName().toString();
    Path manifestFile = modelDir.resolve(MANIFEST);
    ModelManifest manifest;
    try {
      manifest = json.readValue(manifestFile.toFile(), ModelManifest.class);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new ModelLoadException(
          "model " + dirName + ": invalid " + manifestFile + ": " + e.getMessage(),
          manifestFile,
          e);
    }
    if (!manifest.name().equals(dirName)) {
      throw new ModelLoadException(
          "model directory "
              + modelDir
              + " holds a manifest for '"
              + manifest.name()
              + "'; the directory must be named after the model",
          manifestFile);
    }
    requireSavedModelFiles(manifest, modelDir);
    requireSignatures(manifest, modelDir);
    long started = System.nanoTime();
    Map<String, LoadedSignature> signatures = new LinkedHashMap<>();
    try {
      for (String signature : signaturesToLoad(manifest)) {
        signatures.put(
            signature,
            loadSignature(manifest, modelDir, signature, predictorsPerModel, acquireTimeout));
      }
    } catch (RuntimeException e) {
      signatures.values().forEach(LoadedSignature::close);
      throw e;
    }
    LoadedModel model = new LoadedModel(manifest, signatures);
    log.info(
        "loaded model {} ({} blocks, cuts {}, {} parameters) from {}: signatures {} with {}"
            + " predictors each in {} ms",
        manifest.name(),
        manifest.blocks(),
        manifest.cuts(),
        manifest.parameters(),
        modelDir,
        signatures.keySet(),
        predictorsPerModel,
        (System.nanoTime() - started) / 1_000_000);
    return model;
  }

  /**
   * Checks the files of the SavedModel before TensorFlow opens it, so that the failure names the
   * missing one: {@code saved_model.pb} always, {@code variables/} (with its index) when the model
   * has parameters. Corrupt files are found when TensorFlow loads them.
   */
  private static void requireSavedModelFiles(ModelManifest manifest, Path modelDir) {
    Path savedModel = modelDir.resolve(SAVED_MODEL);
    if (!Files.isRegularFile(savedModel)) {
      throw new ModelLoadException(
          "model " + manifest.name() + ": the SavedModel file " + savedModel + " does not exist",
          savedModel);
    }
    Path variables = modelDir.resolve(VARIABLES);
    if (manifest.parameters() > 0 && !Files.isDirectory(variables)) {
      throw new ModelLoadException(
          "model "
              + manifest.name()
              + " has "
              + manifest.parameters()
              + " parameters but the SavedModel variables directory "
              + variables
              + " does not exist",
          variables);
    }
    Path index = variables.resolve("variables.index");
    if (manifest.parameters() > 0 && !Files.isRegularFile(index)) {
      throw new ModelLoadException(
          "model "
              + manifest.name()
              + " has "
              + manifest.parameters()
              + " parameters but the SavedModel variables index "
              + index
              + " does not exist",
          index);
    }
  }

  /**
   * Every signature either tier may run: the whole network, each {@code head_k} (device) and each
   * {@code tail_k} (server). Both roles load all of them: the whole zoo takes about 1.4 s here, so
   * loading only one role's half would save little and make a role change need a restart with other
   * models.
   */
  static Set<String> signaturesToLoad(ModelManifest manifest) {
    Set<String> names = new LinkedHashSet<>();
    names.add(manifest.fullSignature());
    for (ModelManifest.CutPoint point : manifest.cutPoints()) {
      if (point.device() != null) {
        names.add(point.device());
      }
      if (point.server() != null) {
        names.add(point.server());
      }
    }
    return names;
  }

  /**
   * Checks that the SavedModel defines every signature the manifest's cut points name, by reading
   * its {@code saved_model.pb}. DJL does not refuse a {@code SignatureDefKey} the model lacks (it
   * serves another signature instead), so without this a manifest naming a missing signature could
   * load whichever signature DJL fell back to.
   *
   * @throws ModelLoadException naming {@code saved_model.pb} when it cannot be parsed or lacks one
   */
  static void requireSignatures(ModelManifest manifest, Path modelDir) {
    Path file = modelDir.resolve(SAVED_MODEL);
    Set<String> present;
    try {
      SavedModel savedModel = SavedModel.parseFrom(Files.readAllBytes(file));
      present = new TreeSet<>();
      for (MetaGraphDef graph : savedModel.getMetaGraphsList()) {
        present.addAll(graph.getSignatureDefMap().keySet());
      }
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException(
          "model " + manifest.name() + ": cannot read the signatures of " + file + ": " + e,
          file,
          e);
    }
    for (String signature : signaturesToLoad(manifest)) {
      if (!present.contains(signature)) {
        throw new ModelLoadException(
            "model "
                + manifest.name()
                + ": the manifest names signature "
                + signature
                + " but "
                + file
                + " defines only "
                + present,
            file);
      }
    }
  }

  private static LoadedSignature loadSignature(
      ModelManifest manifest,
      Path modelDir,
      String signature,
      int predictorsPerModel,
      Duration acquireTimeout) {
    String inputKey = manifest.inputKeyOf(signature);
    String outputKey = manifest.outputKeyOf(signature);
    Criteria<Tensor, Tensor> criteria =
        Criteria.builder()
            .setTypes(Tensor.class, Tensor.class)
            .optEngine("TensorFlow")
            .optModelPath(modelDir)
            .optModelName(manifest.name())
            .optOption("Tags", "serve")
            .optOption("SignatureDefKey", signature)
            .optTranslator(new TensorTranslator(signature, inputKey, outputKey))
            .build();
    ZooModel<Tensor, Tensor> zooModel;
    try {
      zooModel = criteria.loadModel();
    } catch (IOException
        | MalformedModelException
        | ai.djl.repository.zoo.ModelNotFoundException
        | RuntimeException e) {
      throw new ModelLoadException(
          "model "
              + manifest.name()
              + ": cannot load signature "
              + signature
              + " of the SavedModel in "
              + modelDir
              + " ("
              + modelDir.resolve(SAVED_MODEL)
              + "): "
              + e,
          modelDir.resolve(SAVED_MODEL),
          e);
    }
    requireKeyOrClose("input", inputKey, signature, zooModel, manifest, modelDir);
    requireKeyOrClose("output", outputKey, signature, zooModel, manifest, modelDir);
    BoundedPool<Predictor<Tensor, Tensor>> pool;
    try {
      pool =
          new BoundedPool<>(
              "model " + manifest.name() + " signature " + signature,
              predictorsPerModel,
              acquireTimeout,
              i -> zooModel.newPredictor());
    } catch (RuntimeException e) {
      zooModel.close();
      throw new ModelLoadException(
          "model " + manifest.name() + ": cannot create predictors of " + signature + ": " + e,
          modelDir.resolve(SAVED_MODEL),
          e);
    }
    LoadedSignature loaded = new LoadedSignature(manifest.name(), signature, zooModel, pool);
    try {
      warmUp(manifest, modelDir, loaded);
    } catch (RuntimeException e) {
      loaded.close();
      throw e;
    }
    return loaded;
  }

  private static void requireKeyOrClose(
      String kind,
      String key,
      String signature,
      ZooModel<Tensor, Tensor> zooModel,
      ModelManifest manifest,
      Path modelDir) {
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
              + "' but the "
              + signature
              + " signature has "
              + described.keys()
              + " in "
              + modelDir.resolve(SAVED_MODEL),
          modelDir.resolve(SAVED_MODEL));
    }
  }

  /**
   * One blank input through the signature at the training side: proves the signature takes the
   * tensor the manifest describes and returns the shape it describes (the activation of the cut, or
   * one probability per class), and pays first-call costs before the first request.
   */
  private static void warmUp(ModelManifest manifest, Path modelDir, LoadedSignature signature) {
    Path savedModel = modelDir.resolve(SAVED_MODEL);
    int side = manifest.frameSide();
    int[] inputShape = {1, side, side, 1};
    int[] outputShape = {1, manifest.classes().size()};
    for (ModelManifest.CutPoint point : manifest.cutPoints()) {
      if (signature.name().equals(point.server()) && point.cut() > 0) {
        inputShape = requireShape(manifest, modelDir, point, side);
      }
      if (signature.name().equals(point.device()) && point.cut() < manifest.blocks()) {
        outputShape = requireShape(manifest, modelDir, point, side);
      }
    }
    int size = 1;
    for (int axis : inputShape) {
      size *= axis;
    }
    Tensor output;
    try (PredictorLease lease = signature.acquire()) {
      output = lease.run(new Tensor(new float[size], inputShape));
    } catch (RuntimeException e) {
      throw new ModelLoadException(
          "model "
              + manifest.name()
              + ": the warm-up prediction of "
              + signature.name()
              + " failed: "
              + rootMessage(e),
          savedModel,
          e);
    }
    if (!Arrays.equals(output.shape(), outputShape)) {
      throw new ModelLoadException(
          "model "
              + manifest.name()
              + ": signature "
              + signature.name()
              + " returned "
              + Arrays.toString(output.shape())
              + " for a "
              + Arrays.toString(inputShape)
              + " input, the manifest says "
              + Arrays.toString(outputShape),
          savedModel);
    }
  }

  private static int[] requireShape(
      ModelManifest manifest, Path modelDir, ModelManifest.CutPoint point, int side) {
    int[] shape = point.shapeAt(side);
    if (shape == null) {
      throw new ModelLoadException(
          "model "
              + manifest.name()
              + ": the manifest gives no tensor shape for cut "
              + point.cut()
              + " at "
              + side
              + " px",
          modelDir.resolve(MANIFEST));
    }
    return shape;
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
   * @throws ModelNotFoundException when the plan names a model that is not in the zoo
   * @throws ModelNotLoadedException when the plan names a model that failed to load
   * @throws PlanNotSupportedException when the model has no such cut point
   */
  public LoadedModel resolve(Plan plan) {
    LoadedModel model = models.get(plan.modelVersion());
    ModelLoadFailure failure = failures.get(plan.modelVersion());
    if (model == null && failure != null) {
      throw new ModelNotLoadedException(
          "plan "
              + plan.configId()
              + " names model '"
              + failure.model()
              + "', which failed to load from "
              + failure.file()
              + ": "
              + failure.reason());
    }
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

  /** The model named {@code name}, or null when it is not loaded (absent or failed). */
  public LoadedModel find(String name) {
    return models.get(name);
  }

  /** The loaded models in name order. */
  public Collection<LoadedModel> models() {
    return models.values();
  }

  /** The models that failed to load, by name, in name order; empty when every model loaded. */
  public Map<String, ModelLoadFailure> failures() {
    return failures;
  }

  /** Where the models were loaded from. */
  public Path directory() {
    return directory;
  }

  /** Whether at least one model is loaded, none failed to load and none has been closed. */
  public boolean allLoaded() {
    return failures.isEmpty()
        && !models.isEmpty()
        && models.values().stream().allMatch(LoadedModel::isOpen);
  }

  @Override
  public void close() {
    List<LoadedModel> toClose = new ArrayList<>(models.values());
    Collections.reverse(toClose);
    toClose.forEach(LoadedModel::close);
  }
}
