package io.inferedge.modelzoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Regenerates the test subset shipped in this module's resources: the first 2,000 items of the
 * Fashion-MNIST t10k split, in the original gzip idx format.
 *
 * <p>Run from the repository root (see {@code model-zoo/README.md}):
 *
 * <pre>
 * java -cp model-zoo/target/classes io.inferedge.modelzoo.SubsetWriter \
 *     [--data /usr/share/datasets/fashion-mnist] \
 *     [--out model-zoo/src/main/resources/io/inferedge/modelzoo/fashion-mnist-test-subset] \
 *     [--count 2000]
 * </pre>
 *
 * <p>The output is reproducible byte for byte.
 */
public final class SubsetWriter {

  static final Path DEFAULT_OUT =
      Path.of("model-zoo/src/main/resources/io/inferedge/modelzoo")
          .resolve(FashionMnist.TEST_SUBSET_RESOURCE);

  private SubsetWriter() {}

  public static void main(String[] args) throws IOException {
    Arguments arguments = Arguments.parse(args, Set.of("--data", "--out", "--count"));
    Path data = arguments.path("--data", FashionMnist.DEFAULT_DIRECTORY);
    Path out = arguments.path("--out", DEFAULT_OUT);
    int count = arguments.integer("--count", FashionMnist.TEST_SUBSET_SIZE);
    int written = write(data, out, count);
    System.out.println("wrote the first " + written + " t10k items to " + out.toAbsolutePath());
  }

  /**
   * Writes the first {@code count} test items found in {@code data} to {@code out}.
   *
   * @return the number of items written
   */
  static int write(Path data, Path out, int count) throws IOException {
    if (count <= 0) {
      throw new IllegalArgumentException("count must be positive, was " + count);
    }
    List<Item> test = FashionMnist.load(data, FashionMnist.Split.TEST);
    if (count > test.size()) {
      throw new IllegalArgumentException(
          "count must be at most the split's " + test.size() + " items, was " + count);
    }
    Files.createDirectories(out);
    FashionMnist.write(
        test.subList(0, count),
        out.resolve(FashionMnist.Split.TEST.imagesFile()),
        out.resolve(FashionMnist.Split.TEST.labelsFile()));
    return count;
  }
}
