package io.inferedge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Renders every overlay (kubectl when installed, else {@link Kustomize}), parses it into fabric8's
 * typed model and checks it: {@link ManifestRules} for all, plus what each overlay is for.
 */
class KubernetesManifestsTest {

  static final List<String> OVERLAYS = Fixtures.OVERLAYS;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyOverlayFollowsTheRules(String overlay) {
    List<HasMetadata> resources = Fixtures.rendered(overlay);

    assertThat(ManifestRules.check(resources, Fixtures.k8sContext())).isEmpty();
    assertThat(resources)
        .as("everything lives in the namespace infer-edge")
        .filteredOn(r -> !r.getKind().equals("Namespace"))
        .allSatisfy(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo("infer-edge"));
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyOverlayRunsTheWholePlatform(String overlay) {
    List<HasMetadata> resources = Fixtures.rendered(overlay);

    Set<String> workloads =
        ManifestRules.workloads(resources).stream()
            .map(w -> w.owner().getMetadata().getName())
            .collect(Collectors.toSet());
    assertThat(workloads)
        .containsExactlyInAnyOrder(
            "kafka",
            "postgres",
            "gateway",
            "inference-service",
            "inference-server",
            "telemetry-service",
            "policy-service");
    assertThat(named(resources, StatefulSet.class).keySet())
        .containsExactlyInAnyOrder("kafka", "postgres");
    assertThat(named(resources, NetworkPolicy.class)).containsKey("default-deny-ingress");
    assertThat(named(resources, Secret.class))
        .as("no Secret is rendered; the operator creates it")
        .isEmpty();
    Deployment server = named(resources, Deployment.class).get("inference-server");
    assertThat(server.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .startsWith("infer-edge/inference-service:");
    Map<String, String> serverConfig =
        Fixtures.rendered(overlay).stream()
            .filter(
                r ->
                    r.getKind().equals("ConfigMap")
                        && r.getMetadata().getName().equals("inference-server"))
            .map(r -> ((io.fabric8.kubernetes.api.model.ConfigMap) r).getData())
            .findFirst()
            .orElseThrow();
    assertThat(serverConfig).containsEntry("INFER_EDGE_INFERENCE_ROLE", "server");
  }

  @Test
  void k3sPublishesOnlyTheGatewayThroughServiceLb() {
    Map<String, Service> services = named(Fixtures.rendered("k8s/overlays/k3s"), Service.class);

    assertThat(services.get("gateway").getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(services.values())
        .filteredOn(s -> !s.getMetadata().getName().equals("gateway"))
        .allSatisfy(s -> assertThat(s.getSpec().getType()).isIn(null, "ClusterIP"));
  }

  @Test
  void jetsonRunsTheDeviceTierAsADaemonSetOnArm64JetsonNodes() {
    List<HasMetadata> resources = Fixtures.rendered("k8s/overlays/jetson");

    assertThat(named(resources, Deployment.class)).doesNotContainKey("inference-service");
    assertThat(named(resources, PodDisruptionBudget.class)).doesNotContainKey("inference-service");
    DaemonSet device = named(resources, DaemonSet.class).get("inference-service");
    assertThat(device).isNotNull();
    var pod = device.getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector())
        .containsEntry("kubernetes.io/arch", "arm64")
        .containsEntry("infer-edge.io/jetson", "true");
    assertThat(pod.getTolerations())
        .extracting(Toleration::getKey, Toleration::getEffect)
        .contains(org.assertj.core.groups.Tuple.tuple("infer-edge.io/jetson", "NoSchedule"));
    Container container = pod.getContainers().get(0);
    assertThat(container.getImage()).startsWith("infer-edge/inference-service-jetson:");
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("INFER_EDGE_INFERENCE_DEVICE_ID");
              assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
            });
    Map<String, Volume> volumes =
        pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
    Map<String, VolumeMount> mounts =
        container.getVolumeMounts().stream()
            .collect(Collectors.toMap(VolumeMount::getName, m -> m));
    List<String> hostPaths =
        volumes.values().stream()
            .filter(v -> v.getHostPath() != null)
            .map(v -> v.getHostPath().getPath())
            .toList();
    assertThat(hostPaths).contains("/sys/bus/i2c/drivers", "/sys/devices");
    volumes.values().stream()
        .filter(v -> v.getHostPath() != null)
        .forEach(
            v ->
                assertThat(mounts.get(v.getName()).getReadOnly())
                    .as("host path %s is mounted read-only", v.getHostPath().getPath())
                    .isTrue());
    assertThat(Repo.path("deploy/docker/Dockerfile.jetson")).isRegularFile();
    // Everything else stays on the amd64 edge server.
    ManifestRules.workloads(resources).stream()
        .filter(w -> !(w.owner() instanceof DaemonSet))
        .filter(w -> ManifestRules.moduleOf(w.pod().getContainers().get(0).getImage()).isPresent())
        .forEach(
            w ->
                assertThat(w.pod().getNodeSelector()).containsEntry("kubernetes.io/arch", "amd64"));
  }

  @Test
  void theSecretTemplateHoldsOnlyAPlaceholder() {
    Map<String, Set<String>> templates = Fixtures.secretTemplates();
    assertThat(templates).containsOnlyKeys("infer-edge-db");

    @SuppressWarnings("unchecked")
    Secret template =
        (Secret)
            Manifests.typed(
                (Map<String, Object>)
                    Kustomize.loadAll(Repo.path(Fixtures.SECRET_TEMPLATE.toString())).get(0));
    assertThat(template.getData()).isNullOrEmpty();
    assertThat(template.getStringData().values())
        .allSatisfy(v -> assertThat(v).startsWith("REPLACE_"));
    @SuppressWarnings("unchecked")
    Map<String, Object> kustomization =
        (Map<String, Object>) Kustomize.loadAll(Repo.path("k8s/base/kustomization.yaml")).get(0);
    assertThat((List<Object>) kustomization.get("resources"))
        .as("the template is not rendered")
        .doesNotContain("secret-db.template.yaml");
  }

  @Test
  void theProductionAlternativesForKafkaAndPostgresqlAreDocumented() {
    assertThat(Repo.read(Repo.path("k8s/base/kafka.yaml"))).contains("Strimzi");
    assertThat(Repo.read(Repo.path("k8s/base/postgres.yaml")))
        .contains("CloudNativePG", "managed PostgreSQL");
  }

  static <T extends HasMetadata> Map<String, T> named(List<HasMetadata> resources, Class<T> type) {
    return resources.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .collect(Collectors.toMap(r -> r.getMetadata().getName(), r -> r));
  }
}
