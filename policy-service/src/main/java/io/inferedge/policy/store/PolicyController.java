package io.inferedge.policy.store;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Policy versions: import an artefact, list and read versions, activate one, roll back to the
 * previous one.
 */
@RestController
@RequestMapping("/api/v1/policies")
final class PolicyController {

  private final PolicyStore store;

  PolicyController(PolicyStore store) {
    this.store = store;
  }

  /** The body is a policy artefact as {@code EvaluationCommand --save} writes it. */
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  PolicyVersion importVersion(
      @RequestBody String artifact, @RequestParam(required = false) Long parentVersion) {
    return store.importVersion(artifact, parentVersion);
  }

  @GetMapping
  List<PolicyVersion> list() {
    return store.list();
  }

  /** Every activation, newest first, with its reason and note (e.g. an automatic rollback). */
  @GetMapping("/activations")
  List<PolicyActivation> activations() {
    return store.activations();
  }

  @GetMapping("/{version}")
  PolicyVersion get(@PathVariable long version) {
    return store.get(version);
  }

  @PostMapping("/{version}/activate")
  PolicyVersion activate(@PathVariable long version) {
    return store.activate(version);
  }

  @PostMapping("/rollback")
  PolicyVersion rollback() {
    return store.rollback();
  }
}
