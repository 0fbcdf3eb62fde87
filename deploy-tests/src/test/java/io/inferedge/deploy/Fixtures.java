package io.inferedge.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Shared, cached inputs of the deployment tests. Thread-safe (concurrent caches). */
final class Fixtures {

  static final List<String> OVERLAYS = List.of("k8s/overlays/k3s", "k8s/overlays/jetson");
  static final Path SECRET_TEMPLATE = Path.of("k8s/base/secret-db.template.yaml");

  private static final Map<String, ServiceModule> MODULES = new ConcurrentHashMap<>();
  private static final Map<String, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();

  private Fixtures() {}

  static Map<String, ServiceModule> modules() {
    Map<String, ServiceModule> modules = new LinkedHashMap<>();
    for (String module : Repo.SERVICE_MODULES) {
      modules.put(module, MODULES.computeIfAbsent(module, ServiceModule::load));
    }
    return modules;
  }

  static ServiceModule module(String name) {
    return modules().get(name);
  }

  /**
   * The overlay rendered (kubectl when installed, else the Java renderer), parsed anew each call.
   */
  static List<HasMetadata> rendered(String overlay) {
    List<Map<String, Object>> maps =
        RENDERED.computeIfAbsent(overlay, o -> Manifests.render(Repo.path(o)));
    return Manifests.typed(maps);
  }

  /** The Secrets described by the template (which the operator creates), name to keys. */
  static Map<String, Set<String>> secretTemplates() {
    Map<String, Set<String>> secrets = new LinkedHashMap<>();
    for (Object doc : Kustomize.loadAll(Repo.path(SECRET_TEMPLATE.toString()))) {
      @SuppressWarnings("unchecked")
      Secret secret = (Secret) Manifests.typed((Map<String, Object>) doc);
      Set<String> keys = new LinkedHashSet<>();
      if (secret.getStringData() != null) {
        keys.addAll(secret.getStringData().keySet());
      }
      if (secret.getData() != null) {
        keys.addAll(secret.getData().keySet());
      }
      secrets.put(secret.getMetadata().getName(), keys);
    }
    return secrets;
  }

  static ManifestRules.Context k8sContext() {
    return new ManifestRules.Context(
        modules(), Repo.version(), secretTemplates(), Set.of("gateway", "grafana"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> compose() {
    return (Map<String, Object>)
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(Repo.read(Repo.path("docker-compose.yml")));
  }

  static Map<String, String> dockerfiles() {
    Map<String, String> files = new LinkedHashMap<>();
    for (String file : List.of("deploy/docker/Dockerfile", "deploy/docker/Dockerfile.jetson")) {
      files.put(file, Repo.read(Repo.path(file)));
    }
    return files;
  }

  static List<String> composeViolations(Map<String, Object> compose) {
    return ComposeRules.check(
        compose, modules(), Repo.version(), dockerfiles(), Set.of("gateway", "grafana"));
  }
}
