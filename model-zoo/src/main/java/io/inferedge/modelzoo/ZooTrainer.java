package io.inferedge.modelzoo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Command-line entry point that trains the zoo ({@link CnnSpec#ZOO}: nano, small, medium, large),
 * one model after the other, each written with its {@code manifest.json} to {@code <models>/<name>}
 * and swapped in as soon as it is done. Needs the TensorFlow natives on {@code
 * -Djava.library.path}; see {@code model-zoo/README.md} for the exact command.
 *
 * <pre>
 * --data DIR            Fashion-MNIST idx files (default /usr/share/datasets/fashion-mnist)
 * --models DIR          parent of the model folders (default models)
 * --only a,b            train only these versions (default all four)
 * --steps-scale X       multiply every recipe's steps, e.g. 0.25 for a quick zoo (default 1)
 * --batch N             frames per step (default 64)
 * --seed N              seeds weights, frames and resolution draws (default 20251126)
 * --eval-frames N       held-out frames for the accuracy (default 2000)
 * --log-every N         steps between progress lines (default 500)
 * </pre>
 */
public final class ZooTrainer {

  /**
   * How one version is trained: the nano model is the plain recipe (constant rate, no batch
   * normalisation); the bigger ones normalise and follow a warm-up plus cosine schedule.
   */
  record Recipe(CnnSpec spec, int steps, float learningRate, Training.Schedule schedule) {}

  static final List<Recipe> RECIPES =
      List.of(
          new Recipe(CnnSpec.NANO, 12_000, 0.003f, Training.Schedule.CONSTANT),
          new Recipe(CnnSpec.SMALL, 3_000, 0.003f, Training.Schedule.COSINE),
          new Recipe(CnnSpec.MEDIUM, 2_500, 0.002f, Training.Schedule.COSINE),
          new Recipe(CnnSpec.LARGE, 4_000, 0.002f, Training.Schedule.COSINE));

  private static final Set<String> OPTIONS =
      Set.of(
          "--data",
          "--models",
          "--only",
          "--steps-scale",
          "--batch",
          "--seed",
          "--eval-frames",
          "--log-every");

  private ZooTrainer() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Arguments arguments = Arguments.parse(args, OPTIONS);
    Path data = arguments.path("--data", FashionMnist.DEFAULT_DIRECTORY);
    Path models = arguments.path("--models", Path.of("models"));
    double scale = arguments.decimal("--steps-scale", 1);
    if (!(scale > 0)) {
      throw new IllegalArgumentException("--steps-scale must be positive, was " + scale);
    }
    List<Recipe> recipes = selected(arguments);
    List<Item> train = FashionMnist.load(data, FashionMnist.Split.TRAIN);
    List<Item> test = FashionMnist.load(data, FashionMnist.Split.TEST);
    List<String> summary = new ArrayList<>();
    long start = System.nanoTime();
    for (Recipe recipe : recipes) {
      Training.Options options =
          new Training.Options(
              models.resolve(recipe.spec().name()),
              Math.max(1, (int) Math.round(recipe.steps() * scale)),
              arguments.integer("--batch", Training.Options.DEFAULT_BATCH_SIZE),
              recipe.learningRate(),
              arguments.longValue("--seed", Training.Options.DEFAULT_SEED),
              arguments.integer("--eval-frames", Training.Options.DEFAULT_EVALUATION_FRAMES),
              arguments.integer("--log-every", 500),
              recipe.schedule());
      long modelStart = System.nanoTime();
      Manifest manifest = Training.run(recipe.spec(), train, test, options, System.out);
      summary.add(
          String.format(
              Locale.ROOT,
              "%-7s %8d params  %5d steps  train %6.1f s  total %6.1f s  accuracy %s"
                  + "  latency ms %s",
              manifest.name(),
              manifest.parameters(),
              manifest.trainingSteps(),
              manifest.trainingSeconds(),
              (System.nanoTime() - modelStart) / 1e9,
              manifest.accuracy(),
              manifest.latencyMillis()));
    }
    System.out.printf("zoo done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    summary.forEach(System.out::println);
  }

  private static List<Recipe> selected(Arguments arguments) {
    String only = arguments.string("--only", null);
    if (only == null) {
      return RECIPES;
    }
    List<Recipe> recipes = new ArrayList<>();
    for (String name : Arrays.stream(only.split(",")).map(String::trim).toList()) {
      CnnSpec spec = CnnSpec.named(name);
      RECIPES.stream().filter(r -> r.spec().equals(spec)).forEach(recipes::add);
    }
    return recipes;
  }
}
