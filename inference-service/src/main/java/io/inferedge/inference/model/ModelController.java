package io.inferedge.inference.model;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The models this instance has loaded, with the manifest facts a client or the policy needs. */
@RestController
@RequestMapping("/api/v1/models")
final class ModelController {

  private final ModelRegistry registry;

  ModelController(ModelRegistry registry) {
    this.registry = registry;
  }

  @GetMapping
  Models list() {
    return new Models(
        registry.models().stream()
            .map(LoadedModel::manifest)
            .map(
                m ->
                    new ModelView(
                        m.name(),
                        m.blocks(),
                        m.cuts(),
                        m.parameters(),
                        m.frameSide(),
                        m.accuracy(),
                        m.classes()))
            .toList());
  }

  /** The response body. */
  record Models(List<ModelView> models) {}

  /**
   * One loaded model.
   *
   * @param accuracy measured test accuracy by input resolution in pixels
   */
  record ModelView(
      String name,
      int blocks,
      List<Integer> cuts,
      long parameters,
      int frameSide,
      Map<Integer, Double> accuracy,
      List<String> classes) {}
}
