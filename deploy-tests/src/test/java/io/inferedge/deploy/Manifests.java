package io.inferedge.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization (with kubectl when installed, else with {@link Kustomize}) and turns the
 * resources into fabric8's typed model. Stateless; thread-safe.
 */
final class Manifests {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Manifests() {}

  /**
   * The kubectl binary on the PATH, or null; {@code -Dinfer-edge.kubectl=none} pretends there is
   * none (to run the Java renderer alone).
   */
  static Path kubectl() {
    if ("none".equals(System.getProperty("infer-edge.kubectl"))) {
      return null;
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** {@code kubectl kustomize dir}, parsed into plain maps. */
  static List<Map<String, Object>> renderWithKubectl(Path kubectl, Path dir) {
    try {
      Path out = Files.createTempFile("kustomize", ".yaml");
      try {
        Process process =
            new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                .redirectErrorStream(false)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 60 s");
        }
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
          throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + err);
        }
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Object doc : Kustomize.loadAll(out)) {
          @SuppressWarnings("unchecked")
          Map<String, Object> map = (Map<String, Object>) doc;
          resources.add(map);
        }
        return resources;
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The rendered resources of a kustomization: kubectl's when it is installed, else ours. */
  static List<Map<String, Object>> render(Path dir) {
    Path kubectl = kubectl();
    return kubectl != null ? renderWithKubectl(kubectl, dir) : Kustomize.render(dir);
  }

  /** One resource in fabric8's model (a GenericKubernetesResource when the kind is unknown). */
  static HasMetadata typed(Map<String, Object> resource) {
    return SERIALIZATION.unmarshal(SERIALIZATION.asJson(resource), HasMetadata.class);
  }

  static List<HasMetadata> typed(List<Map<String, Object>> resources) {
    return resources.stream().map(Manifests::typed).toList();
  }

  /** A resource from YAML text (tests use it to build broken manifests). */
  static HasMetadata parse(String yaml) {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) Kustomize.loadAllText(yaml).get(0);
    return typed(map);
  }

  /**
   * Fields fabric8 did not recognise, as paths like {@code Deployment/gateway: spec.template.x}:
   * fabric8 keeps them in {@code additionalProperties}; a kind it does not know becomes a {@link
   * GenericKubernetesResource}.
   */
  static List<String> unknownFields(HasMetadata resource) {
    String where = resource.getKind() + "/" + resource.getMetadata().getName();
    List<String> found = new ArrayList<>();
    if (resource instanceof GenericKubernetesResource) {
      found.add(where + ": unknown kind " + resource.getApiVersion() + " " + resource.getKind());
      return found;
    }
    collectUnknown(resource, "", where, found);
    return found;
  }

  private static void collectUnknown(Object node, String path, String where, List<String> found) {
    if (node == null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        collectUnknown(item, path + "[" + i++ + "]", where, found);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        collectUnknown(e.getValue(), path + "[" + e.getKey() + "]", where, found);
      }
      return;
    }
    if (!(node instanceof KubernetesResource)
        && !node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Class<?> type = node.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        field.setAccessible(true);
        Object value;
        try {
          value = field.get(node);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        String child = path.isEmpty() ? field.getName() : path + "." + field.getName();
        if (field.getName().equals("additionalProperties")) {
          if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
            for (Object key : extra.keySet()) {
              found.add(where + ": unknown field " + (path.isEmpty() ? "" : path + ".") + key);
            }
          }
        } else {
          collectUnknown(value, child, where, found);
        }
      }
    }
  }
}
