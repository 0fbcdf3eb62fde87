package io.inferedge.modelzoo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Command-line entry point that trains the {@code nano} model ({@link CnnSpec#NANO}) and writes it,
 * with its {@code manifest.json}, to {@code --out}. Needs the TensorFlow natives on {@code
 * -Djava.library.path}; see {@code model-zoo/README.md} for the exact command.
 *
 * <pre>
 * --data DIR            Fashion-MNIST idx files (default /usr/share/datasets/fashion-mnist)
 * --out DIR             model folder, replaced when done (default models/nano)
 * --steps N             Adam steps (default 12000)
 * --batch N             frames per step (default 64)
 * --learning-rate X     Adam step size (default 0.003)
 * --seed N              seeds weights, frames and resolution draws (default 20251126)
 * --eval-frames N       held-out frames for the accuracy (default 2000)
 * --log-every N         steps between progress lines (default 500)
 * </pre>
 */
public final class NanoTrainer {

  private static final Set<String> OPTIONS =
      Set.of(
          "--data",
          "--out",
          "--steps",
          "--batch",
          "--learning-rate",
          "--seed",
          "--eval-frames",
          "--log-every");

  private NanoTrainer() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Arguments arguments = Arguments.parse(args, OPTIONS);
    Path data = arguments.path("--data", FashionMnist.DEFAULT_DIRECTORY);
    Training.Options options =
        new Training.Options(
            arguments.path("--out", Path.of("models", CnnSpec.NANO.name())),
            arguments.integer("--steps", Training.Options.DEFAULT_STEPS),
            arguments.integer("--batch", Training.Options.DEFAULT_BATCH_SIZE),
            (float) arguments.decimal("--learning-rate", Training.Options.DEFAULT_LEARNING_RATE),
            arguments.longValue("--seed", Training.Options.DEFAULT_SEED),
            arguments.integer("--eval-frames", Training.Options.DEFAULT_EVALUATION_FRAMES),
            arguments.integer("--log-every", 500));
    List<Item> train = FashionMnist.load(data, FashionMnist.Split.TRAIN);
    List<Item> test = FashionMnist.load(data, FashionMnist.Split.TEST);
    Training.run(CnnSpec.NANO, train, test, options, System.out);
  }
}
