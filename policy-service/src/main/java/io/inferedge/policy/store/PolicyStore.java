package io.inferedge.policy.store;

import io.inferedge.policy.PolicyProperties;
import io.inferedge.policy.a2c.PolicyArtifact;
import io.inferedge.policy.decision.ActivePolicy;
import io.inferedge.policy.decision.ServingPolicy;
import io.inferedge.policy.profile.Profile;
import io.inferedge.support.web.BadRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.log.LogAccessor;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The policy store: imports trained versions (artefacts of the evaluation command), activates them
 * and rolls back. A version is activated only if its evaluation passed and its stored artefact is
 * intact (its SHA-256 matches and it builds into a policy for this service's profile); activation
 * swaps the {@link ActivePolicy} decisions use and publishes the actor. At start-up the active
 * version is loaded, or, on an empty store, the bootstrap artefact imported (and activated when
 * configured and passed). Thread-safe: activations are serialised.
 */
@Service
public final class PolicyStore {

  private static final LogAccessor LOG = new LogAccessor(PolicyStore.class);

  private final PolicyRepository repository;
  private final ActivePolicy active;
  private final PolicyPublisher publisher;
  private final Profile profile;
  private final PolicyProperties properties;
  private final ResourceLoader resources;
  private final JsonMapper json;
  private final Clock clock;

  PolicyStore(
      PolicyRepository repository,
      ActivePolicy active,
      PolicyPublisher publisher,
      Profile profile,
      PolicyProperties properties,
      ResourceLoader resources,
      JsonMapper json,
      Clock clock) {
    this.repository = repository;
    this.active = active;
    this.publisher = publisher;
    this.profile = profile;
    this.properties = properties;
    this.resources = resources;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Stores a trained version.
   *
   * @param artifactJson the artefact as the evaluation command wrote it
   * @param parentVersion the version it derives from, or null
   * @throws BadRequestException if it is not a valid policy for this service's profile
   */
  public PolicyVersion importVersion(String artifactJson, Long parentVersion) {
    PolicyArtifact artifact;
    try {
      artifact = PolicyArtifact.fromJson(artifactJson);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new BadRequestException("artifact", String.valueOf(e.getMessage()), e);
    }
    try {
      new ServingPolicy(0, artifact.policy(), profile);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(fieldOf(e.getMessage()), e.getMessage(), e);
    }
    if (parentVersion != null && !repository.exists(parentVersion)) {
      throw new BadRequestException(
          "parentVersion", "parentVersion " + parentVersion + " does not exist");
    }
    long version =
        repository.insert(
            artifact.algorithm(),
            artifact.profile() == null ? profile.name() : artifact.profile(),
            parentVersion,
            artifactJson,
            sha256(artifactJson),
            json.writeValueAsString(artifact.hyperParameters()),
            json.writeValueAsString(artifact.evaluation()),
            artifact.passedEvaluation(),
            clock.instant().truncatedTo(ChronoUnit.MICROS));
    LOG.info(
        () ->
            "stored policy version "
                + version
                + " (evaluation "
                + (artifact.passedEvaluation() ? "passed" : "failed")
                + ")");
    return get(version);
  }

  private static String fieldOf(String message) {
    String first = message == null ? "" : message.split(" ", 2)[0];
    return List.of("stateFeatures", "actionHeads").contains(first) ? first : "actor";
  }

  public PolicyVersion get(long version) {
    return repository
        .find(version)
        .orElseThrow(() -> new PolicyNotFoundException(version))
        .version();
  }

  public List<PolicyVersion> list() {
    return repository.list();
  }

  /**
   * Makes a version the one decisions use and publishes it.
   *
   * @throws PolicyNotActivatableException if it failed its evaluation or is corrupt
   */
  public synchronized PolicyVersion activate(long version) {
    return activate(version, "activate");
  }

  /**
   * Goes back to the version that was active before the current one.
   *
   * @throws PolicyNotActivatableException if none is active or there is nothing before it
   */
  public synchronized PolicyVersion rollback() {
    return rollback(null);
  }

  /**
   * Goes back to the version that was active before the current one, recording why.
   *
   * @param note why, kept with the activation (e.g. {@code auto-rollback: live reward X vs Y});
   *     null for none
   * @throws PolicyNotActivatableException if none is active or there is nothing before it
   */
  public synchronized PolicyVersion rollback(String note) {
    long current =
        repository
            .active()
            .orElseThrow(
                () ->
                    new PolicyNotActivatableException(
                        "version", "no policy version is active: nothing to roll back"))
            .version()
            .version();
    long target =
        repository
            .rollbackTarget(current)
            .orElseThrow(
                () ->
                    new PolicyNotActivatableException(
                        "version",
                        "policy version " + current + " has no earlier version to roll back to"));
    return activate(target, "rollback", note);
  }

  /**
   * Activates {@code version} only if {@code expectedActive} is still the active version (a
   * fine-tuning round must not replace a version someone activated while it trained).
   *
   * @return the activated version, or empty when the active version changed
   */
  public synchronized java.util.Optional<PolicyVersion> activateIfActive(
      long version, long expectedActive, String note) {
    var current = repository.active();
    if (current.isEmpty() || current.get().version().version() != expectedActive) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(activate(version, "activate", note));
  }

  /** The active version with its artefact (checksum verified), if one is active. */
  public synchronized java.util.Optional<Active> active() {
    return repository.active().map(stored -> new Active(stored.version(), verified(stored)));
  }

  /** The active version and its artefact. */
  public record Active(PolicyVersion version, PolicyArtifact artifact) {}

  /** The artefact of a stored version (checksum verified). */
  public PolicyArtifact artifact(long version) {
    return verified(
        repository.find(version).orElseThrow(() -> new PolicyNotFoundException(version)));
  }

  /** Every activation, newest first. */
  public List<PolicyActivation> activations() {
    return repository.activations();
  }

  /** The latest activation of {@code version}, if it was ever activated. */
  public java.util.Optional<PolicyActivation> lastActivation(long version) {
    return repository.lastActivation(version);
  }

  private PolicyVersion activate(long version, String reason) {
    return activate(version, reason, null);
  }

  private PolicyVersion activate(long version, String reason, String note) {
    PolicyRepository.Stored stored =
        repository.find(version).orElseThrow(() -> new PolicyNotFoundException(version));
    if (!stored.version().evaluationPassed()) {
      throw new PolicyNotActivatableException(
          "version",
          "policy version " + version + " failed its evaluation and cannot be activated");
    }
    PolicyArtifact artifact = verified(stored);
    ServingPolicy serving = new ServingPolicy(version, artifact.policy(), profile);
    repository.activate(version, reason, note, clock.instant().truncatedTo(ChronoUnit.MICROS));
    active.set(serving);
    publisher.publish(version, artifact);
    LOG.info(
        () ->
            "policy version "
                + version
                + " is active ("
                + reason
                + (note == null ? "" : ": " + note)
                + ")");
    return get(version);
  }

  /** The stored artefact, if its checksum matches and it still builds into a policy. */
  private PolicyArtifact verified(PolicyRepository.Stored stored) {
    long version = stored.version().version();
    if (!sha256(stored.artifact()).equals(stored.version().checksum())) {
      throw new PolicyNotActivatableException(
          "version", "policy version " + version + " is corrupt: its checksum does not match");
    }
    try {
      PolicyArtifact artifact = PolicyArtifact.fromJson(stored.artifact());
      new ServingPolicy(version, artifact.policy(), profile);
      return artifact;
    } catch (RuntimeException e) {
      throw new PolicyNotActivatableException(
          "version", "policy version " + version + " is corrupt: " + e.getMessage(), e);
    }
  }

  /** Loads the active version, or imports the bootstrap policy into an empty store. */
  @EventListener(ApplicationReadyEvent.class)
  public synchronized void start() {
    var current = repository.active();
    if (current.isPresent()) {
      long version = current.get().version().version();
      try {
        active.set(new ServingPolicy(version, verified(current.get()).policy(), profile));
        LOG.info(() -> "policy version " + version + " is active");
      } catch (RuntimeException e) {
        LOG.error(e, () -> "the active policy version " + version + " cannot be loaded");
      }
      return;
    }
    if (repository.count() > 0 || properties.bootstrapPolicy().isBlank()) {
      return;
    }
    Resource resource = resources.getResource(properties.bootstrapPolicy());
    if (!resource.exists()) {
      LOG.info(() -> "no bootstrap policy at " + properties.bootstrapPolicy());
      return;
    }
    try (InputStream in = resource.getInputStream()) {
      PolicyVersion imported =
          importVersion(new String(in.readAllBytes(), StandardCharsets.UTF_8), null);
      if (properties.activateBootstrap() && imported.evaluationPassed()) {
        activate(imported.version(), "bootstrap");
      }
    } catch (IOException | RuntimeException e) {
      LOG.error(
          e, () -> "the bootstrap policy " + properties.bootstrapPolicy() + " was not imported");
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
