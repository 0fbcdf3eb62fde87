package io.inferedge.policy.a2c;

import io.inferedge.contracts.PolicyPublished;
import io.inferedge.policy.environment.ActionSpace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A trained policy as a file: what the evaluation command writes and the policy store imports.
 * Immutable; JSON through {@link #read} and {@link #write}.
 *
 * @param algorithm {@code a2c}
 * @param profile name of the profile it was trained on
 * @param stateFeatures the state layout, in order
 * @param actionHeads the heads, in the order of the actor's output
 * @param actor the actor's dense layers, input first
 * @param hyperParameters how it was trained
 * @param training steps, seconds and the reward curve's last value
 * @param evaluation the evaluation summary: {@code passed} (the activation gate), per profile the
 *     A2C metrics and {@code normalisedScore}
 */
public record PolicyArtifact(
    String algorithm,
    String profile,
    List<String> stateFeatures,
    List<PolicyPublished.ActionHead> actionHeads,
    List<PolicyPublished.DenseLayer> actor,
    HyperParameters hyperParameters,
    Map<String, Object> training,
    Map<String, Object> evaluation) {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  public PolicyArtifact {
    Objects.requireNonNull(algorithm, "algorithm must not be null");
    stateFeatures = List.copyOf(stateFeatures);
    actionHeads = List.copyOf(actionHeads);
    actor = List.copyOf(actor);
    Objects.requireNonNull(hyperParameters, "hyperParameters must not be null");
    training = training == null ? Map.of() : Map.copyOf(training);
    evaluation = evaluation == null ? Map.of() : Map.copyOf(evaluation);
  }

  /** The artefact of a training run, with its evaluation summary. */
  public static PolicyArtifact of(
      A2cTrainer.TrainingRun run, String profile, Map<String, Object> evaluation) {
    return new PolicyArtifact(
        "a2c",
        profile,
        run.stateFeatures(),
        heads(run.actionSpace()),
        run.actor(),
        run.hyperParameters(),
        Map.of("steps", run.steps(), "seconds", run.seconds()),
        evaluation);
  }

  public static List<PolicyPublished.ActionHead> heads(ActionSpace space) {
    return space.heads().stream()
        .map(h -> new PolicyPublished.ActionHead(h.name(), h.choices()))
        .toList();
  }

  /** The action space of the heads. */
  public ActionSpace actionSpace() {
    return new ActionSpace(
        actionHeads.stream().map(h -> new ActionSpace.Head(h.name(), h.choices())).toList());
  }

  /** The actor ready to decide; checks that the layers fit the features and heads. */
  public A2cPolicy policy() {
    return new A2cPolicy(actor, stateFeatures, actionSpace());
  }

  /** Whether the evaluation passed the activation gate. */
  public boolean passedEvaluation() {
    return Boolean.TRUE.equals(evaluation.get("passed"));
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot write policy artefact", e);
    }
  }

  public static PolicyArtifact fromJson(String json) {
    try {
      return JSON.readValue(json, PolicyArtifact.class);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "policy artefact is not valid: " + e.getOriginalMessage(), e);
    }
  }

  public void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(file, toJson());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public static PolicyArtifact read(Path file) {
    try {
      return fromJson(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static PolicyArtifact read(InputStream in) {
    try {
      return fromJson(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
