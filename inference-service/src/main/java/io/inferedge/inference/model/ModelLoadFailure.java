package io.inferedge.inference.model;

import java.nio.file.Path;

/**
 * A model of the zoo that did not load: its directory has a manifest, but the manifest or the
 * SavedModel files are missing or corrupt. The registry keeps these so that readiness and the plans
 * naming the model can say which file is at fault. Immutable.
 *
 * @param model the model name (its directory name)
 * @param file the file at fault, absolute
 * @param reason what went wrong, for people
 */
public record ModelLoadFailure(String model, Path file, String reason) {

  public ModelLoadFailure {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    if (file == null || !file.isAbsolute()) {
      throw new IllegalArgumentException("file must be an absolute path, was " + file);
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason must not be blank");
    }
  }
}
