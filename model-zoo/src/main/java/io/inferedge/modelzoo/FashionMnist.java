package io.inferedge.modelzoo;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes Fashion-MNIST in its original gzip-compressed idx format, from a directory (by
 * default the one Debian's {@code dataset-fashion-mnist} package installs) or from the 2,000-item
 * test subset shipped on the classpath.
 *
 * <p>The idx format is big-endian: an image file starts with magic {@code 0x00000803}, the item
 * count, rows and columns, then one unsigned byte per pixel; a label file starts with magic {@code
 * 0x00000801} and the count, then one byte per label. Every header field and the exact payload
 * length is checked, so a truncated or mixed-up file fails loudly instead of training on garbage.
 *
 * <p>Stateless and thread-safe.
 */
public final class FashionMnist {

  /** Where Debian's {@code dataset-fashion-mnist} package installs the idx files. */
  public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

  /** Side of a Fashion-MNIST image in pixels. */
  public static final int SIDE = 28;

  /** Number of classes. */
  public static final int CLASSES = 10;

  /** Class names, indexed by label. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /** Classpath folder of the shipped test subset (the first 2,000 items of the t10k split). */
  static final String TEST_SUBSET_RESOURCE = "fashion-mnist-test-subset/";

  /** Items in the shipped test subset. */
  public static final int TEST_SUBSET_SIZE = 2_000;

  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  /** Refuse headers that claim more items than any sane split, before allocating for them. */
  private static final int MAX_ITEMS = 1_000_000;

  /** The two splits Fashion-MNIST is published in, with their file name prefixes. */
  public enum Split {
    TRAIN("train"),
    TEST("t10k");

    private final String prefix;

    Split(String prefix) {
      this.prefix = prefix;
    }

    /** File name of this split's images, e.g. {@code t10k-images-idx3-ubyte.gz}. */
    public String imagesFile() {
      return prefix + "-images-idx3-ubyte.gz";
    }

    /** File name of this split's labels, e.g. {@code t10k-labels-idx1-ubyte.gz}. */
    public String labelsFile() {
      return prefix + "-labels-idx1-ubyte.gz";
    }
  }

  private FashionMnist() {}

  /** Loads a split from {@link #DEFAULT_DIRECTORY}. */
  public static List<Item> load(Split split) throws IOException {
    return load(DEFAULT_DIRECTORY, split);
  }

  /**
   * Loads a split from {@code directory}, which must hold the split's two gzip idx files.
   *
   * @throws java.nio.file.NoSuchFileException if a file is missing
   * @throws IOException if a file is not gzip, has a wrong magic number or size, or is truncated
   */
  public static List<Item> load(Path directory, Split split) throws IOException {
    if (directory == null) {
      throw new IllegalArgumentException("directory must not be null");
    }
    if (split == null) {
      throw new IllegalArgumentException("split must not be null");
    }
    Path images = directory.resolve(split.imagesFile());
    Path labels = directory.resolve(split.labelsFile());
    try (InputStream imageStream = Files.newInputStream(images);
        InputStream labelStream = Files.newInputStream(labels)) {
      return read(imageStream, images.toString(), labelStream, labels.toString());
    }
  }

  /**
   * The shipped test subset: the first {@value #TEST_SUBSET_SIZE} items of the t10k split, read
   * from the classpath so that tests and demos never need the Debian package.
   *
   * @throws IllegalStateException if the resources are missing from the classpath
   * @throws UncheckedIOException if they are unreadable
   */
  public static List<Item> testSubset() {
    String images = TEST_SUBSET_RESOURCE + Split.TEST.imagesFile();
    String labels = TEST_SUBSET_RESOURCE + Split.TEST.labelsFile();
    try (InputStream imageStream = FashionMnist.class.getResourceAsStream(images);
        InputStream labelStream = FashionMnist.class.getResourceAsStream(labels)) {
      if (imageStream == null || labelStream == null) {
        throw new IllegalStateException(
            "test subset missing from the classpath: expected "
                + images
                + " and "
                + labels
                + " next to "
                + FashionMnist.class.getName()
                + "; regenerate it with SubsetWriter");
      }
      return read(imageStream, images, labelStream, labels);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the shipped test subset", e);
    }
  }

  /**
   * Reads gzip-compressed idx image and label streams into items. The streams are not closed.
   *
   * @param imagesName name used in error messages, e.g. the file path
   * @param labelsName name used in error messages
   * @throws IOException naming the stream and what is wrong with it
   */
  static List<Item> read(
      InputStream imagesGz, String imagesName, InputStream labelsGz, String labelsName)
      throws IOException {
    byte[] pixels = readImages(imagesGz, imagesName);
    byte[] labels = readLabels(labelsGz, labelsName);
    int count = pixels.length / (SIDE * SIDE);
    if (count != labels.length) {
      throw new IOException(
          imagesName
              + " holds "
              + count
              + " images but "
              + labelsName
              + " holds "
              + labels.length
              + " labels");
    }
    List<Item> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] image = new byte[SIDE * SIDE];
      System.arraycopy(pixels, i * image.length, image, 0, image.length);
      int label = labels[i] & 0xff;
      if (label >= CLASSES) {
        throw new IOException(
            labelsName + ": label " + i + " is " + label + ", must be in [0, " + CLASSES + ")");
      }
      items.add(new Item(image, label));
    }
    return List.copyOf(items);
  }

  private static byte[] readImages(InputStream gz, String name) throws IOException {
    DataInputStream in = open(gz, name);
    int magic = readHeaderInt(in, name, "magic number");
    if (magic != IMAGES_MAGIC) {
      throw new IOException(
          String.format(
              "%s is not an idx3 image file: magic number 0x%08x, expected 0x%08x",
              name, magic, IMAGES_MAGIC));
    }
    int count = readCount(in, name);
    int rows = readHeaderInt(in, name, "row count");
    int cols = readHeaderInt(in, name, "column count");
    if (rows != SIDE || cols != SIDE) {
      throw new IOException(
          name + " holds " + rows + "x" + cols + " images, expected " + SIDE + "x" + SIDE);
    }
    return readPayload(in, name, count * SIDE * SIDE, count + " images of " + SIDE + "x" + SIDE);
  }

  private static byte[] readLabels(InputStream gz, String name) throws IOException {
    DataInputStream in = open(gz, name);
    int magic = readHeaderInt(in, name, "magic number");
    if (magic != LABELS_MAGIC) {
      throw new IOException(
          String.format(
              "%s is not an idx1 label file: magic number 0x%08x, expected 0x%08x",
              name, magic, LABELS_MAGIC));
    }
    int count = readCount(in, name);
    return readPayload(in, name, count, count + " labels");
  }

  private static DataInputStream open(InputStream gz, String name) throws IOException {
    if (gz == null) {
      throw new IllegalArgumentException("stream for " + name + " must not be null");
    }
    try {
      return new DataInputStream(new BufferedInputStream(new GZIPInputStream(gz, 1 << 16)));
    } catch (IOException e) {
      throw new IOException(name + " is not a gzip file: " + e.getMessage(), e);
    }
  }

  private static int readHeaderInt(DataInputStream in, String name, String field)
      throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new IOException(name + " ends inside its header (reading the " + field + ")", e);
    }
  }

  private static int readCount(DataInputStream in, String name) throws IOException {
    int count = readHeaderInt(in, name, "item count");
    if (count < 0 || count > MAX_ITEMS) {
      throw new IOException(
          name + " declares " + count + " items, expected between 0 and " + MAX_ITEMS);
    }
    return count;
  }

  private static byte[] readPayload(DataInputStream in, String name, int length, String what)
      throws IOException {
    byte[] payload = new byte[length];
    try {
      in.readFully(payload);
    } catch (EOFException e) {
      throw new IOException(name + " is truncated: its header declares " + what, e);
    }
    if (in.read() != -1) {
      throw new IOException(name + " has bytes after the " + what + " its header declares");
    }
    return payload;
  }

  /**
   * Writes items as a gzip idx image file and a gzip idx label file, the format {@link #load}
   * reads. The output is byte-for-byte reproducible (gzip headers carry no timestamp).
   */
  public static void write(List<Item> items, Path imagesGz, Path labelsGz) throws IOException {
    if (items == null) {
      throw new IllegalArgumentException("items must not be null");
    }
    try (OutputStream images = Files.newOutputStream(imagesGz);
        OutputStream labels = Files.newOutputStream(labelsGz)) {
      write(items, images, labels);
    }
  }

  static void write(List<Item> items, OutputStream images, OutputStream labels) throws IOException {
    DataOutputStream imageOut =
        new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(images)));
    imageOut.writeInt(IMAGES_MAGIC);
    imageOut.writeInt(items.size());
    imageOut.writeInt(SIDE);
    imageOut.writeInt(SIDE);
    for (Item item : items) {
      imageOut.write(item.pixels());
    }
    imageOut.close();
    DataOutputStream labelOut =
        new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(labels)));
    labelOut.writeInt(LABELS_MAGIC);
    labelOut.writeInt(items.size());
    for (Item item : items) {
      labelOut.writeByte(item.label());
    }
    labelOut.close();
  }
}
