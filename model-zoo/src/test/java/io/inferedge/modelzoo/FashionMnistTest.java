package io.inferedge.modelzoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

  @TempDir Path dir;

  @Test
  void shippedTestSubsetHoldsTheFirstTwoThousandTestItemsOfEveryClass() {
    List<Item> subset = FashionMnist.testSubset();

    assertThat(subset).hasSize(FashionMnist.TEST_SUBSET_SIZE);
    assertThat(subset.stream().map(Item::label).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    // The t10k split famously starts with an ankle boot, a pullover and two trousers.
    assertThat(subset.subList(0, 4)).extracting(Item::label).containsExactly(9, 2, 1, 1);
    assertThat(subset.get(0).pixels()).as("not blank").containsAnyOf((byte) 255, (byte) 254);
  }

  @Test
  void shippedSubsetIsWhatSubsetWriterProducesFromTheDebianPackage() throws IOException {
    assumeTrue(
        Files.exists(FashionMnist.DEFAULT_DIRECTORY.resolve(FashionMnist.Split.TEST.imagesFile())),
        "Debian package dataset-fashion-mnist not installed");

    SubsetWriter.write(FashionMnist.DEFAULT_DIRECTORY, dir, FashionMnist.TEST_SUBSET_SIZE);

    for (String file :
        List.of(FashionMnist.Split.TEST.imagesFile(), FashionMnist.Split.TEST.labelsFile())) {
      try (InputStream shipped =
          FashionMnist.class.getResourceAsStream(FashionMnist.TEST_SUBSET_RESOURCE + file)) {
        assertThat(Files.readAllBytes(dir.resolve(file)))
            .as(file)
            .isEqualTo(shipped.readAllBytes());
      }
    }
  }

  @Test
  void writtenItemsReadBackIdentically() throws IOException {
    List<Item> items = FashionMnist.testSubset().subList(0, 50);
    Path images = dir.resolve(FashionMnist.Split.TEST.imagesFile());
    Path labels = dir.resolve(FashionMnist.Split.TEST.labelsFile());

    FashionMnist.write(items, images, labels);
    List<Item> read = FashionMnist.load(dir, FashionMnist.Split.TEST);

    assertThat(read).hasSize(50);
    for (int i = 0; i < items.size(); i++) {
      assertThat(read.get(i).label()).isEqualTo(items.get(i).label());
      assertThat(read.get(i).pixels()).isEqualTo(items.get(i).pixels());
    }
  }

  @Test
  void classNamesFollowTheLabelOrder() {
    assertThat(FashionMnist.CLASS_NAMES)
        .hasSize(FashionMnist.CLASSES)
        .startsWith("T-shirt/top", "Trouser")
        .endsWith("Bag", "Ankle boot");
  }

  @Test
  void missingFilesAreReportedByPath() {
    assertThatThrownBy(() -> FashionMnist.load(dir, FashionMnist.Split.TRAIN))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("train-images-idx3-ubyte.gz");
  }

  @Test
  void labelFileInPlaceOfImageFileIsRejectedByMagicNumber() {
    byte[] labels = labelFile(3, 0, 1, 2);

    assertThatThrownBy(() -> read(labels, labels))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("images.gz is not an idx3 image file")
        .hasMessageContaining("magic number 0x00000801, expected 0x00000803");
  }

  @Test
  void truncatedImageFileIsRejected() {
    byte[] images = gzip(header(FashionMnist.IMAGES_MAGIC, 2, 28, 28), new byte[28 * 28 + 5]);

    assertThatThrownBy(() -> read(images, labelFile(2, 0, 1)))
        .isInstanceOf(IOException.class)
        .hasMessage("images.gz is truncated: its header declares 2 images of 28x28");
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] labels = gzip(header(FashionMnist.LABELS_MAGIC, 1), new byte[] {3, 4});

    assertThatThrownBy(() -> read(imageFile(1), labels))
        .isInstanceOf(IOException.class)
        .hasMessage("labels.gz has bytes after the 1 labels its header declares");
  }

  @Test
  void wrongImageSizeIsRejected() {
    byte[] images = gzip(header(FashionMnist.IMAGES_MAGIC, 1, 32, 32), new byte[32 * 32]);

    assertThatThrownBy(() -> read(images, labelFile(1, 0)))
        .isInstanceOf(IOException.class)
        .hasMessage("images.gz holds 32x32 images, expected 28x28");
  }

  @Test
  void negativeCountIsRejectedBeforeAllocating() {
    byte[] images = gzip(header(FashionMnist.IMAGES_MAGIC, -1, 28, 28), new byte[0]);

    assertThatThrownBy(() -> read(images, labelFile(1, 0)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("declares -1 items");
  }

  @Test
  void imageAndLabelCountsMustAgree() {
    assertThatThrownBy(() -> read(imageFile(2), labelFile(3, 0, 1, 2)))
        .isInstanceOf(IOException.class)
        .hasMessage("images.gz holds 2 images but labels.gz holds 3 labels");
  }

  @Test
  void labelsOutsideTheTenClassesAreRejected() {
    assertThatThrownBy(() -> read(imageFile(2), labelFile(2, 4, 10)))
        .isInstanceOf(IOException.class)
        .hasMessage("labels.gz: label 1 is 10, must be in [0, 10)");
  }

  @Test
  void plainIdxWithoutGzipIsRejected() {
    byte[] raw = header(FashionMnist.IMAGES_MAGIC, 0, 28, 28);

    assertThatThrownBy(() -> read(raw, labelFile(0)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("images.gz is not a gzip file");
  }

  @Test
  void itemValidatesItsShapeAndLabel() {
    assertThatThrownBy(() -> new Item(new byte[10], 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pixels must hold 784 bytes, was 10");
    assertThatThrownBy(() -> new Item(new byte[784], 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("label must be in [0, 10), was 10");
  }

  private static List<Item> read(byte[] images, byte[] labels) throws IOException {
    return FashionMnist.read(
        new ByteArrayInputStream(images),
        "images.gz",
        new ByteArrayInputStream(labels),
        "labels.gz");
  }

  private static byte[] imageFile(int count) {
    byte[] pixels = new byte[count * 28 * 28];
    Arrays.fill(pixels, (byte) 7);
    return gzip(header(FashionMnist.IMAGES_MAGIC, count, 28, 28), pixels);
  }

  private static byte[] labelFile(int count, int... labels) {
    byte[] bytes = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      bytes[i] = (byte) labels[i];
    }
    return gzip(header(FashionMnist.LABELS_MAGIC, count), bytes);
  }

  private static byte[] header(int... ints) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (int i : ints) {
        out.writeInt(i);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] header, byte[] payload) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(header);
      out.write(payload);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return bytes.toByteArray();
  }
}
