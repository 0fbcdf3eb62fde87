package io.inferedge.modelzoo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One training run of a {@link CnnSpec}: train on frames composed from the train split with
 * multi-resolution augmentation, export a SavedModel, measure the exported model's accuracy at
 * every input side on frames composed from the test split, write {@code manifest.json}, and put the
 * result in place.
 *
 * <p>Multi-resolution augmentation: each batch is area-downscaled to a side drawn uniformly from
 * {@link #SIDES}, so one set of weights serves every resolution the policy may choose.
 *
 * <p>The model is built in a temporary sibling folder and renamed over the output folder only when
 * complete, so readers see the old model or the new one, never half of one.
 *
 * <p>Not thread-safe; one run at a time.
 */
final class Training {

  /** Input sides trained and measured, largest first. */
  static final List<Integer> SIDES = List.of(64, 48, 32, 24);

  /** Evaluation frames come from another stream than training frames. */
  static final long EVALUATION_SEED_OFFSET = 0x5EED_0FF5E7L;

  private static final int EVALUATION_BATCH = 250;

  /**
   * Share of the steps, at the end, that normalise with the frozen moving statistics: batch
   * statistics differ by input resolution, the exported model has one set for all of them.
   */
  static final double FROZEN_STATISTICS_SHARE = 0.25;

  private static final int LATENCY_WARMUP = 50;
  private static final int LATENCY_RUNS = 300;

  /**
   * Hyper-parameters of a run.
   *
   * @param out the model's folder, replaced when the run succeeds
   * @param steps Adam steps
   * @param batchSize frames per step
   * @param learningRate Adam's step size
   * @param seed seeds the weights, the training frames and the resolution draws
   * @param evaluationFrames held-out frames the accuracy is measured on
   * @param logEvery steps between progress lines
   * @param schedule how the learning rate changes over the steps
   */
  record Options(
      Path out,
      int steps,
      int batchSize,
      float learningRate,
      long seed,
      int evaluationFrames,
      int logEvery,
      Schedule schedule) {

    static final int DEFAULT_STEPS = 12_000;
    static final int DEFAULT_BATCH_SIZE = 64;
    static final float DEFAULT_LEARNING_RATE = 0.003f;
    static final long DEFAULT_SEED = 20_251_126L;
    static final int DEFAULT_EVALUATION_FRAMES = 2_000;

    Options {
      if (out == null) {
        throw new IllegalArgumentException("out must not be null");
      }
      if (steps < 1) {
        throw new IllegalArgumentException("steps must be >= 1, was " + steps);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
      }
      if (!(learningRate > 0)) {
        throw new IllegalArgumentException("learningRate must be positive, was " + learningRate);
      }
      if (evaluationFrames < 1) {
        throw new IllegalArgumentException(
            "evaluationFrames must be >= 1, was " + evaluationFrames);
      }
      if (logEvery < 1) {
        throw new IllegalArgumentException("logEvery must be >= 1, was " + logEvery);
      }
      if (schedule == null) {
        throw new IllegalArgumentException("schedule must not be null");
      }
    }

    /** Options with a constant learning rate. */
    Options(
        Path out,
        int steps,
        int batchSize,
        float learningRate,
        long seed,
        int evaluationFrames,
        int logEvery) {
      this(
          out, steps, batchSize, learningRate, seed, evaluationFrames, logEvery, Schedule.CONSTANT);
    }

    /** Adam's step size at step {@code step} (1-based). */
    float learningRateAt(int step) {
      return schedule.rate(learningRate, step, steps);
    }
  }

  /** Learning-rate schedules. */
  enum Schedule {
    /** The same rate at every step. */
    CONSTANT("constant"),
    /**
     * Linear warm-up over the first {@value #WARMUP_SHARE} of the steps, then a cosine decay to
     * {@value #FINAL_SHARE} of the rate at the last step.
     */
    COSINE("linear warm-up over 3 % of the steps, then cosine decay to 2 % of the rate");

    static final double WARMUP_SHARE = 0.03;
    static final double FINAL_SHARE = 0.02;

    private final String description;

    Schedule(String description) {
      this.description = description;
    }

    String description() {
      return description;
    }

    float rate(float base, int step, int steps) {
      if (this == CONSTANT) {
        return base;
      }
      int warmup = (int) Math.ceil(WARMUP_SHARE * steps);
      if (step <= warmup) {
        return base * step / warmup;
      }
      double progress = (double) (step - warmup) / Math.max(1, steps - warmup);
      double low = FINAL_SHARE * base;
      return (float) (low + (base - low) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
  }

  private Training() {}

  /**
   * Runs training, export, evaluation and the swap into {@code options.out()}.
   *
   * @param train items training frames are composed from
   * @param test items evaluation frames are composed from (never seen in training)
   * @return the manifest written beside the model
   */
  static Manifest run(
      CnnSpec spec, List<Item> train, List<Item> test, Options options, PrintStream log)
      throws IOException, InterruptedException {
    log.printf(
        "training %s (%d parameters, channels %s, batchNorm %s): steps=%d batchSize=%d"
            + " learningRate=%s schedule=%s seed=%d sides=%s trainItems=%d testItems=%d out=%s%n",
        spec.name(),
        spec.parameterCount(),
        spec.channels(),
        spec.batchNorm(),
        options.steps(),
        options.batchSize(),
        options.learningRate(),
        options.schedule(),
        options.seed(),
        SIDES,
        train.size(),
        test.size(),
        options.out().toAbsolutePath());
    Path out = options.out().toAbsolutePath().normalize();
    Files.createDirectories(out.getParent());
    Path staging = Files.createTempDirectory(out.getParent(), "." + spec.name() + "-staging-");
    readableByAll(staging);
    try {
      double seconds = train(spec, train, options, staging, log);
      Map<Integer, Double> accuracy = evaluate(staging, test, options, log);
      Map<Integer, Double> latency = latency(staging, test, log);
      Manifest manifest =
          new Manifest(
              spec,
              options.seed(),
              options.steps(),
              options.batchSize(),
              options.learningRate(),
              options.schedule().description(),
              seconds,
              accuracy,
              options.evaluationFrames(),
              latency);
      Files.writeString(
          staging.resolve("manifest.json"), manifest.toJson(), StandardCharsets.UTF_8);
      replace(out, staging);
      log.printf("wrote %s (%d bytes)%n", out, sizeOf(out));
      return manifest;
    } finally {
      deleteRecursively(staging);
    }
  }

  /** Trains and exports into {@code directory}; returns the training loop's wall seconds. */
  private static double train(
      CnnSpec spec, List<Item> items, Options options, Path directory, PrintStream log)
      throws IOException, InterruptedException {
    try (CnnTrainer trainer = new CnnTrainer(spec, options.seed(), options.learningRate());
        TrainingBatches batches =
            new TrainingBatches(
                items, options.seed(), SIDES, options.batchSize(), options.steps())) {
      long start = System.nanoTime();
      double lossSum = 0;
      for (int step = 1; step <= options.steps(); step++) {
        TrainingBatches.Batch batch = batches.next();
        float rate = options.learningRateAt(step);
        boolean frozen = spec.batchNorm() && step > (1 - FROZEN_STATISTICS_SHARE) * options.steps();
        float loss = trainer.step(batch.pixels(), batch.side(), batch.labels(), rate, frozen);
        if (!Float.isFinite(loss)) {
          throw new IllegalStateException(
              "training " + spec.name() + " diverged: loss " + loss + " at step " + step);
        }
        lossSum += loss;
        if (step % options.logEvery() == 0 || step == options.steps()) {
          int window =
              step % options.logEvery() == 0 ? options.logEvery() : step % options.logEvery();
          double elapsed = (System.nanoTime() - start) / 1e9;
          log.printf(
              "step %6d  loss %.4f  lr %.5f  %.0f frames/s  %.0f s%n",
              step, lossSum / window, rate, step * (double) options.batchSize() / elapsed, elapsed);
          lossSum = 0;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      trainer.export(directory);
      return seconds;
    }
  }

  /** Accuracy of the exported model in {@code directory} at every side, on the same frames. */
  static Map<Integer, Double> evaluate(
      Path directory, List<Item> test, Options options, PrintStream log) {
    FrameSource source = new FrameSource(test, options.seed() + EVALUATION_SEED_OFFSET, 1);
    List<Frame> frames = new ArrayList<>(options.evaluationFrames());
    for (int i = 0; i < options.evaluationFrames(); i++) {
      frames.add(source.next());
    }
    Map<Integer, Double> accuracy = new LinkedHashMap<>();
    try (Evaluator evaluator = new Evaluator(directory)) {
      for (int side : SIDES) {
        double a = evaluator.accuracy(frames, side, EVALUATION_BATCH);
        accuracy.put(side, a);
        log.printf(
            "accuracy at %d px: %.2f %% (%d held-out frames)%n", side, 100 * a, frames.size());
      }
    }
    return accuracy;
  }

  /** Median batch-1 latency of the exported model at every side, in milliseconds. */
  static Map<Integer, Double> latency(Path directory, List<Item> test, PrintStream log) {
    Frame frame = new FrameSource(test, EVALUATION_SEED_OFFSET, 1).next();
    Map<Integer, Double> latency = new LinkedHashMap<>();
    try (Evaluator evaluator = new Evaluator(directory)) {
      for (int side : SIDES) {
        double millis = evaluator.medianMillis(frame, side, LATENCY_WARMUP, LATENCY_RUNS);
        latency.put(side, millis);
        log.printf(
            "latency at %d px, batch 1: %.3f ms (median of %d)%n", side, millis, LATENCY_RUNS);
      }
    }
    return latency;
  }

  /** Swaps {@code staging} in as {@code out} by two renames in the same folder. */
  private static void replace(Path out, Path staging) throws IOException {
    Path old = null;
    if (Files.exists(out)) {
      old = Files.createTempDirectory(out.getParent(), "." + out.getFileName() + "-old-");
      Files.delete(old);
      Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
    if (old != null) {
      deleteRecursively(old);
    }
  }

  /** Temporary folders are created private; the model folder should read like any other. */
  private static void readableByAll(Path directory) throws IOException {
    if (Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static long sizeOf(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(Training::size).sum();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
