package io.inferedge.inference.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Builds test zoos from the repo's trained {@code nano} model under {@code ../models}: copies of
 * it, under its own or another name, whose files the tests then break. Not thread-safe; each test
 * builds its own directory.
 */
public final class BrokenZoo {

  /** The repo's trained models. */
  public static final Path MODELS = Path.of("..", "models");

  private BrokenZoo() {}

  /**
   * Copies {@code ../models/nano} to {@code zoo/name}, its manifest naming {@code name}.
   *
   * @return the copy's directory
   */
  public static Path copyNano(Path zoo, String name) throws IOException {
    Path copy = Files.createDirectories(zoo.resolve(name));
    copyTree(MODELS.resolve("nano"), copy);
    Path manifest = copy.resolve(ModelRegistry.MANIFEST);
    String text = Files.readString(manifest);
    String renamed = text.replace("\"name\": \"nano\"", "\"name\": \"" + name + "\"");
    if (!"nano".equals(name) && renamed.equals(text)) {
      throw new IllegalStateException("cannot rename the model in " + manifest);
    }
    Files.writeString(manifest, renamed);
    return copy;
  }

  /**
   * Cuts the model's {@code saved_model.pb} to its first half, as an interrupted copy would.
   *
   * @return the truncated file, absolute
   */
  public static Path truncateSavedModel(Path modelDir) throws IOException {
    Path savedModel = modelDir.resolve(ModelRegistry.SAVED_MODEL).toAbsolutePath().normalize();
    byte[] bytes = Files.readAllBytes(savedModel);
    Files.write(savedModel, Arrays.copyOf(bytes, bytes.length / 2));
    return savedModel;
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
