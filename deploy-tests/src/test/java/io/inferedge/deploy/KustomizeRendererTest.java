package io.inferedge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The Java renderer does what kustomize does for the features the repository uses: compared with
 * {@code kubectl kustomize} on every overlay and on a fixture exercising each feature, when kubectl
 * is installed; checked on its own otherwise.
 */
class KustomizeRendererTest {

  static final List<String> OVERLAYS = Fixtures.OVERLAYS;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void rendersEveryOverlayAsKubectlDoes(String overlay) {
    Path kubectl = Manifests.kubectl();
    assumeTrue(kubectl != null, "kubectl is not installed; the Java renderer is used alone");

    assertThat(byId(Kustomize.render(Repo.path(overlay))))
        .isEqualTo(byId(Manifests.renderWithKubectl(kubectl, Repo.path(overlay))));
  }

  @Test
  void rendersTheFixtureAsKubectlDoes(@TempDir Path dir) throws IOException {
    Path overlay = writeFixture(dir);
    Path kubectl = Manifests.kubectl();
    assumeTrue(kubectl != null, "kubectl is not installed; the Java renderer is used alone");

    assertThat(byId(Kustomize.render(overlay)))
        .isEqualTo(byId(Manifests.renderWithKubectl(kubectl, overlay)));
  }

  @Test
  @SuppressWarnings("unchecked")
  void appliesNamespacePatchesDeletionsAndImages(@TempDir Path dir) throws IOException {
    Map<String, Map<String, Object>> out = byId(Kustomize.render(writeFixture(dir)));

    assertThat(out).containsOnlyKeys("Namespace//demo", "Deployment/demo/web", "Service/demo/web");
    Map<String, Object> deployment = out.get("Deployment/demo/web");
    Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
    assertThat(spec).containsEntry("replicas", 3);
    Map<String, Object> pod =
        (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
    List<Map<String, Object>> containers = (List<Map<String, Object>>) pod.get("containers");
    assertThat(containers).extracting(c -> c.get("name")).containsExactly("web", "sidecar");
    assertThat(containers.get(0))
        .containsEntry("image", "registry.example.org/web:2.0")
        .containsEntry(
            "env", List.of(Map.of("name", "A", "value", "1"), Map.of("name", "B", "value", "2")));
    assertThat(containers.get(1)).containsEntry("image", "busybox:1.36");
    assertThat((Map<String, Object>) out.get("Service/demo/web").get("spec"))
        .containsEntry("type", "NodePort");
  }

  @Test
  void refusesKustomizeFeaturesItDoesNotImplement(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("kustomization.yaml"), "resources: []\ncommonLabels:\n  app: x\n");

    assertThatThrownBy(() -> Kustomize.render(dir))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("commonLabels");
  }

  @Test
  void refusesAPatchThatMatchesNothing(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("kustomization.yaml"), "resources: []\npatches:\n  - path: p.yaml\n");
    Files.writeString(
        dir.resolve("p.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: missing\n");

    assertThatThrownBy(() -> Kustomize.render(dir)).hasMessageContaining("matched 0 resources");
  }

  /** A base and an overlay using every feature the renderer implements. */
  private static Path writeFixture(Path dir) throws IOException {
    Path base = Files.createDirectories(dir.resolve("base"));
    Files.writeString(
        base.resolve("kustomization.yaml"),
        """
        namespace: demo
        resources:
          - ns.yaml
          - app.yaml
        images:
          - name: web
            newName: registry.example.org/web
            newTag: "2.0"
        """);
    Files.writeString(
        base.resolve("ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n");
    Files.writeString(
        base.resolve("app.yaml"),
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 1
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: web:1.0
                  env:
                    - {name: A, value: "0"}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector: {app: web}
          ports:
            - port: 80
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: unused
        data:
          x: "1"
        """);
    Path overlay = Files.createDirectories(dir.resolve("overlay"));
    Files.writeString(
        overlay.resolve("kustomization.yaml"),
        """
        namespace: demo
        resources:
          - ../base
        patches:
          - path: deployment.yaml
          - path: delete-configmap.yaml
          - patch: |-
              apiVersion: v1
              kind: Service
              metadata:
                name: web
              spec:
                type: NodePort
        """);
    Files.writeString(
        overlay.resolve("deployment.yaml"),
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 3
          template:
            spec:
              containers:
                - name: web
                  env:
                    - {name: A, value: "1"}
                    - {name: B, value: "2"}
                - name: sidecar
                  image: busybox:1.36
        """);
    Files.writeString(
        overlay.resolve("delete-configmap.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: unused\n$patch: delete\n");
    return overlay;
  }

  /** Resources by kind/namespace/name, so that two renders compare regardless of order. */
  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> byId(List<Map<String, Object>> resources) {
    Map<String, Map<String, Object>> byId = new TreeMap<>();
    for (Map<String, Object> r : resources) {
      Map<String, Object> metadata = (Map<String, Object>) r.get("metadata");
      String id =
          r.get("kind")
              + "/"
              + (metadata.get("namespace") == null ? "" : metadata.get("namespace"))
              + "/"
              + metadata.get("name");
      assertThat(byId.put(id, r)).as("duplicate %s", id).isNull();
    }
    return byId;
  }
}
