package io.inferedge.inference.model;

import java.nio.file.Path;

/**
 * The model zoo, or one model of it, could not be loaded. A missing model directory fails the
 * start; a model whose files are missing or corrupt is recorded by {@link ModelRegistry} as a
 * {@link ModelLoadFailure} naming {@link #file()}, and the service starts without it but not ready.
 * Immutable.
 */
public final class ModelLoadException extends IllegalStateException {

  private final transient Path file;

  ModelLoadException(String message) {
    this(message, (Path) null);
  }

  ModelLoadException(String message, Throwable cause) {
    this(message, null, cause);
  }

  ModelLoadException(String message, Path file) {
    super(message);
    this.file = file;
  }

  ModelLoadException(String message, Path file, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  /** The file at fault (a manifest, a {@code saved_model.pb}, a directory), or null. */
  public Path file() {
    return file;
  }
}
