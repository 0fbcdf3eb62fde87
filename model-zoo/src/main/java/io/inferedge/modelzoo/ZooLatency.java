package io.inferedge.modelzoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Command-line benchmark of the zoo's batch-1 latency through TF-Java: every model under {@code
 * --models} with a {@code manifest.json}, at every side, the models interleaved round by round so
 * that all of them see the same machine load. Prints the median over rounds of each round's median
 * and each model's ratio to the fastest model at 64 px. Measured, on whatever machine runs it.
 *
 * <pre>
 * --models DIR     parent of the model folders (default models)
 * --rounds N       rounds (default 15)
 * --calls N        timed calls per model, side and round (default 40)
 * </pre>
 */
public final class ZooLatency {

  private static final Set<String> OPTIONS = Set.of("--models", "--rounds", "--calls");

  private ZooLatency() {}

  public static void main(String[] args) throws IOException {
    Arguments arguments = Arguments.parse(args, OPTIONS);
    Path models = arguments.path("--models", Path.of("models"));
    int rounds = arguments.integer("--rounds", 15);
    int calls = arguments.integer("--calls", 40);
    List<Path> folders;
    try (Stream<Path> list = Files.list(models)) {
      folders = list.filter(p -> Files.isRegularFile(p.resolve("manifest.json"))).sorted().toList();
    }
    Frame frame = new FrameSource(FashionMnist.testSubset(), 1, 1).next();
    Map<String, Evaluator> evaluators = new LinkedHashMap<>();
    Map<String, double[][]> medians = new LinkedHashMap<>();
    try {
      for (Path folder : folders) {
        String name = folder.getFileName().toString();
        evaluators.put(name, new Evaluator(folder));
        medians.put(name, new double[Training.SIDES.size()][rounds]);
      }
      for (int r = 0; r < rounds; r++) {
        for (Map.Entry<String, Evaluator> e : evaluators.entrySet()) {
          for (int s = 0; s < Training.SIDES.size(); s++) {
            medians.get(e.getKey())[s][r] =
                e.getValue().medianMillis(frame, Training.SIDES.get(s), r == 0 ? 30 : 5, calls);
          }
        }
      }
    } finally {
      evaluators.values().forEach(Evaluator::close);
    }
    Map<String, double[]> result = new LinkedHashMap<>();
    medians.forEach(
        (name, bySide) -> {
          double[] out = new double[bySide.length];
          for (int s = 0; s < bySide.length; s++) {
            double[] values = bySide[s].clone();
            Arrays.sort(values);
            out[s] = values[values.length / 2];
          }
          result.put(name, out);
        });
    double fastest = result.values().stream().mapToDouble(v -> v[0]).min().orElse(Double.NaN);
    System.out.printf(
        Locale.ROOT,
        "batch-1 latency, ms (median of %d rounds x %d calls), sides %s%n",
        rounds,
        calls,
        Training.SIDES);
    List<String> lines = new ArrayList<>();
    result.forEach(
        (name, v) -> {
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s", name));
          for (double ms : v) {
            line.append(String.format(Locale.ROOT, " %7.3f", ms));
          }
          line.append(
              String.format(Locale.ROOT, "   x%.1f of the fastest at 64 px", v[0] / fastest));
          lines.add(line.toString());
        });
    lines.forEach(System.out::println);
  }
}
