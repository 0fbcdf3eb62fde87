package io.inferedge.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A small kustomize renderer for the subset of kustomize the k8s/ directory uses: {@code resources}
 * (files and kustomization directories), {@code namespace}, {@code patches} (strategic merge
 * patches from a {@code path} or inline, including {@code $patch: delete}) and {@code images}. Any
 * other kustomization field fails the render, so a kustomization can never silently outgrow it.
 * When kubectl is installed, the tests compare its output with {@code kubectl kustomize}'s.
 *
 * <p>Transformations run in kustomize's order: resources, patches, namespace, images. Stateless;
 * thread-safe.
 */
final class Kustomize {

  private static final Set<String> SUPPORTED =
      Set.of("apiVersion", "kind", "resources", "namespace", "patches", "images");

  /** Kinds that are not namespaced (the ones kustomize's namespace transformer leaves alone). */
  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "ClusterRole",
          "ClusterRoleBinding",
          "CustomResourceDefinition",
          "PersistentVolume",
          "StorageClass",
          "PriorityClass",
          "RuntimeClass",
          "IngressClass",
          "ValidatingWebhookConfiguration",
          "MutatingWebhookConfiguration");

  /** Strategic-merge keys of the lists the Kubernetes schema merges element by element. */
  private static final Map<String, String> MERGE_KEYS =
      Map.of(
          "containers", "name",
          "initContainers", "name",
          "env", "name",
          "volumes", "name",
          "volumeMounts", "mountPath",
          "imagePullSecrets", "name");

  private Kustomize() {}

  /** Renders the kustomization in {@code dir} into its resources, in no particular order. */
  static List<Map<String, Object>> render(Path dir) {
    Path file = dir.resolve("kustomization.yaml");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no kustomization.yaml in " + dir);
    }
    Map<String, Object> kustomization = asMap(loadAll(file).get(0), file.toString());
    for (String key : kustomization.keySet()) {
      if (!SUPPORTED.contains(key)) {
        throw new UnsupportedOperationException(
            file + ": kustomization field '" + key + "' is not supported by the Java renderer");
      }
    }
    List<Map<String, Object>> resources = new ArrayList<>();
    for (Object entry : list(kustomization.get("resources"))) {
      Path target = dir.resolve(String.valueOf(entry)).normalize();
      if (Files.isDirectory(target)) {
        resources.addAll(render(target));
      } else {
        for (Object doc : loadAll(target)) {
          resources.add(asMap(doc, target.toString()));
        }
      }
    }
    for (Object entry : list(kustomization.get("patches"))) {
      Map<String, Object> patchEntry = asMap(entry, file + " patches");
      if (patchEntry.containsKey("target") || patchEntry.containsKey("options")) {
        throw new UnsupportedOperationException(file + ": patch targets/options are not supported");
      }
      List<Object> docs =
          patchEntry.containsKey("path")
              ? loadAll(dir.resolve(String.valueOf(patchEntry.get("path"))))
              : loadAllText(String.valueOf(patchEntry.get("patch")));
      for (Object doc : docs) {
        if (!(doc instanceof Map<?, ?>)) {
          throw new UnsupportedOperationException(file + ": JSON6902 patches are not supported");
        }
        applyStrategicMerge(resources, asMap(doc, file.toString()));
      }
    }
    Object namespace = kustomization.get("namespace");
    if (namespace != null) {
      for (Map<String, Object> resource : resources) {
        if (!CLUSTER_SCOPED.contains(String.valueOf(resource.get("kind")))) {
          metadata(resource).put("namespace", String.valueOf(namespace));
        }
      }
    }
    for (Object entry : list(kustomization.get("images"))) {
      Map<String, Object> image = asMap(entry, file + " images");
      for (Map<String, Object> resource : resources) {
        retagImages(resource, image);
      }
    }
    return resources;
  }

  private static void applyStrategicMerge(
      List<Map<String, Object>> resources, Map<String, Object> patch) {
    Object kind = patch.get("kind");
    Map<String, Object> patchMetadata = metadata(patch);
    Object name = patchMetadata.get("name");
    Object namespace = patchMetadata.get("namespace");
    Iterator<Map<String, Object>> it = resources.iterator();
    int matched = 0;
    while (it.hasNext()) {
      Map<String, Object> resource = it.next();
      Map<String, Object> metadata = metadata(resource);
      if (Objects.equals(kind, resource.get("kind"))
          && Objects.equals(name, metadata.get("name"))
          && (namespace == null || Objects.equals(namespace, metadata.get("namespace")))) {
        matched++;
        if ("delete".equals(patch.get("$patch"))) {
          it.remove();
        } else {
          Map<String, Object> body = new LinkedHashMap<>(patch);
          body.remove("apiVersion");
          body.remove("kind");
          mergeInto(resource, body);
        }
      }
    }
    if (matched != 1) {
      throw new IllegalStateException(
          "patch for " + kind + " " + name + " matched " + matched + " resources, not 1");
    }
  }

  @SuppressWarnings("unchecked")
  private static void mergeInto(Map<String, Object> target, Map<String, Object> patch) {
    for (Map.Entry<String, Object> e : patch.entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      if (key.startsWith("$")) {
        throw new UnsupportedOperationException("patch directive " + key + " is not supported");
      }
      Object existing = target.get(key);
      if (value == null) {
        target.remove(key);
      } else if (value instanceof Map<?, ?> patchMap && existing instanceof Map<?, ?> map) {
        mergeInto((Map<String, Object>) map, (Map<String, Object>) patchMap);
      } else if (value instanceof List<?> patchList
          && existing instanceof List<?> list
          && MERGE_KEYS.containsKey(key)) {
        target.put(key, mergeLists(MERGE_KEYS.get(key), list, patchList));
      } else {
        target.put(key, value);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> mergeLists(String mergeKey, List<?> existing, List<?> patch) {
    List<Object> merged = new ArrayList<>(existing);
    for (Object item : patch) {
      Map<String, Object> patchItem = (Map<String, Object>) item;
      Object key = patchItem.get(mergeKey);
      Map<String, Object> match = null;
      for (Object candidate : merged) {
        if (Objects.equals(((Map<String, Object>) candidate).get(mergeKey), key)) {
          match = (Map<String, Object>) candidate;
        }
      }
      if ("delete".equals(patchItem.get("$patch"))) {
        merged.remove(match);
      } else if (match != null) {
        mergeInto(match, patchItem);
      } else {
        merged.add(patchItem);
      }
    }
    return merged;
  }

  /** kustomize's image transformer: every {@code image} under a containers list of a pod spec. */
  @SuppressWarnings("unchecked")
  private static void retagImages(Object node, Map<String, Object> image) {
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
        if ((e.getKey().equals("containers") || e.getKey().equals("initContainers"))
            && e.getValue() instanceof List<?> containers) {
          for (Object container : containers) {
            Map<String, Object> c = (Map<String, Object>) container;
            Object current = c.get("image");
            if (current != null) {
              c.put("image", retag(String.valueOf(current), image));
            }
          }
        } else {
          retagImages(e.getValue(), image);
        }
      }
    } else if (node instanceof List<?> list) {
      list.forEach(item -> retagImages(item, image));
    }
  }

  private static String retag(String reference, Map<String, Object> image) {
    String name = reference;
    String tag = null;
    int at = reference.indexOf('@');
    int colon = reference.lastIndexOf(':');
    if (at >= 0) {
      name = reference.substring(0, at);
      tag = reference.substring(at);
    } else if (colon > reference.lastIndexOf('/')) {
      name = reference.substring(0, colon);
      tag = reference.substring(colon);
    }
    if (!name.equals(image.get("name"))) {
      return reference;
    }
    String newName = image.containsKey("newName") ? String.valueOf(image.get("newName")) : name;
    if (image.containsKey("digest")) {
      return newName + "@" + image.get("digest");
    }
    if (image.containsKey("newTag")) {
      return newName + ":" + image.get("newTag");
    }
    return newName + (tag == null ? "" : tag);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metadata(Map<String, Object> resource) {
    return (Map<String, Object>) resource.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
  }

  private static List<?> list(Object value) {
    return value == null ? List.of() : (List<?>) value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object doc, String where) {
    if (!(doc instanceof Map<?, ?>)) {
      throw new IllegalArgumentException(where + ": expected a mapping, got " + doc);
    }
    return (Map<String, Object>) doc;
  }

  static List<Object> loadAll(Path file) {
    try {
      return loadAllText(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Object> loadAllText(String text) {
    List<Object> docs = new ArrayList<>();
    for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
      if (doc != null) {
        docs.add(doc);
      }
    }
    return docs;
  }
}
