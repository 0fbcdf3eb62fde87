package io.inferedge.inference.model;

/** The model zoo could not be loaded; thrown at start-up, so the service does not start. */
public final class ModelLoadException extends IllegalStateException {

  ModelLoadException(String message) {
    super(message);
  }

  ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
