package io.inferedge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link ManifestRules} catches what it claims to: each test breaks one thing in the rendered k3s
 * overlay and expects the violation (the real manifests pass, see {@link KubernetesManifestsTest}).
 */
class ManifestRulesTest {

  @Test
  void theRenderedOverlayIsTheCleanStartingPoint() {
    assertThat(violationsAfter(resources -> {})).isEmpty();
  }

  @Test
  void aContainerWithoutProbesFails() {
    assertThat(violationsAfter(r -> container(r, "gateway").setLivenessProbe(null)))
        .containsExactly(
            "Deployment/gateway container gateway: needs a liveness and a readiness probe");
  }

  @Test
  void aContainerWithoutLimitsFails() {
    assertThat(violationsAfter(r -> container(r, "policy-service").getResources().setLimits(null)))
        .containsExactly(
            "Deployment/policy-service container policy-service: needs cpu and memory requests and limits");
  }

  @Test
  void anUnpinnedImageFails() {
    assertThat(violationsAfter(r -> container(r, "kafka").setImage("apache/kafka:latest")))
        .containsExactly(
            "StatefulSet/kafka container kafka: image apache/kafka:latest is not pinned to a tag or digest");
    assertThat(violationsAfter(r -> container(r, "postgres").setImage("postgres")))
        .containsExactly(
            "StatefulSet/postgres container postgres: image postgres is not pinned to a tag or digest");
  }

  @Test
  void aProjectImageMustCarryTheProjectVersion() {
    assertThat(violationsAfter(r -> container(r, "gateway").setImage("infer-edge/gateway:0.0.1")))
        .singleElement()
        .asString()
        .contains("must carry the project version");
  }

  @Test
  void replacingTheEntrypointOfAnImageWithTensorFlowFails() {
    assertThat(
            violationsAfter(
                r -> {
                  container(r, "policy-service")
                      .setCommand(List.of("java", "-jar", "/opt/infer-edge/app.jar"));
                  container(r, "telemetry-service")
                      .setCommand(List.of("java", "-jar", "/opt/infer-edge/app.jar"));
                }))
        .containsExactly(
            "Deployment/policy-service container policy-service: command replaces the image's"
                + " entrypoint, which puts the TensorFlow natives on java.library.path");
  }

  @Test
  void aProbeOnTheWrongPathFails() {
    assertThat(
            violationsAfter(
                r ->
                    container(r, "telemetry-service")
                        .getReadinessProbe()
                        .getHttpGet()
                        .setPath("/health")))
        .containsExactly(
            "Deployment/telemetry-service container telemetry-service: the readiness probe must GET /actuator/health/readiness");
  }

  @Test
  void aServiceThatSelectsNothingFails() {
    assertThat(
            violationsAfter(
                r ->
                    named(r, Service.class, "policy-service")
                        .getSpec()
                        .setSelector(Map.of("app", "nope"))))
        .contains("Service/policy-service: selects no workload");
  }

  @Test
  void withoutTheDefaultDenyPolicyItFails() {
    assertThat(
            violationsAfter(
                r ->
                    r.removeIf(
                        x ->
                            x instanceof NetworkPolicy
                                && x.getMetadata().getName().equals("default-deny-ingress"))))
        .containsExactly("NetworkPolicy: no default deny-all-ingress policy");
  }

  @Test
  void aSecondWorkloadReachableFromOutsideFails() {
    assertThat(
            violationsAfter(
                r ->
                    named(r, NetworkPolicy.class, "policy-service-from-gateway")
                        .getSpec()
                        .getIngress()
                        .add(new NetworkPolicyIngressRule())))
        .containsExactly("Deployment/policy-service: reachable from outside the namespace");
  }

  @Test
  void aServiceNoPolicyAdmitsFails() {
    assertThat(
            violationsAfter(
                r ->
                    r.removeIf(
                        x ->
                            x instanceof NetworkPolicy
                                && x.getMetadata().getName().equals("postgres-from-services"))))
        .containsExactly(
            "StatefulSet/postgres: no NetworkPolicy admits traffic to Service/postgres port 5432");
  }

  @Test
  void aVariableTheServiceDoesNotReadFails() {
    List<String> violations =
        violationsAfter(
            r -> {
              Map<String, String> data = named(r, ConfigMap.class, "gateway").getData();
              data.put("KAFKA_BOOTSTRAP_SERVER", data.remove("KAFKA_BOOTSTRAP_SERVERS"));
            });
    assertThat(violations)
        .containsExactlyInAnyOrder(
            "Deployment/gateway container gateway: variable KAFKA_BOOTSTRAP_SERVER is not read by gateway",
            "Deployment/gateway container gateway: must set KAFKA_BOOTSTRAP_SERVERS (its default is for the local mode)");
  }

  @Test
  void aRelaxedBindingNameOfARealPropertyIsRead() {
    assertThat(
            violationsAfter(
                r ->
                    named(r, ConfigMap.class, "gateway")
                        .getData()
                        .put("INFER_EDGE_GATEWAY_DECISION_TIMEOUT", "300ms")))
        .isEmpty();
  }

  @Test
  void anUnknownRoleFails() {
    assertThat(
            violationsAfter(
                r ->
                    named(r, ConfigMap.class, "inference-server")
                        .getData()
                        .put("INFER_EDGE_INFERENCE_ROLE", "cloud")))
        .singleElement()
        .asString()
        .contains("INFER_EDGE_INFERENCE_ROLE=cloud is not one of [device, server]");
  }

  @Test
  void aUrlToAPortNoServiceHasFails() {
    assertThat(
            violationsAfter(
                r ->
                    named(r, ConfigMap.class, "gateway")
                        .getData()
                        .put("POLICY_URL", "http://policy-service:9999")))
        .containsExactly(
            "Deployment/gateway container gateway: POLICY_URL points at policy-service:9999, no such Service port");
  }

  @Test
  void aDatabaseUrlWithAnotherServicesSchemaFails() {
    assertThat(
            violationsAfter(
                r ->
                    named(r, ConfigMap.class, "policy-service")
                        .getData()
                        .put(
                            "DATABASE_URL",
                            "jdbc:postgresql://postgres:5432/inferedge?currentSchema=telemetry")))
        .containsExactly(
            "Deployment/policy-service container policy-service: DATABASE_URL must select the schema policy");
  }

  @Test
  void aSecretReferenceTheTemplateDoesNotDescribeFails() {
    assertThat(
            violationsAfter(
                r ->
                    container(r, "telemetry-service").getEnv().stream()
                        .filter(e -> e.getName().equals("DATABASE_PASSWORD"))
                        .forEach(e -> e.getValueFrom().getSecretKeyRef().setKey("pwd"))))
        .singleElement()
        .asString()
        .contains("which the Secret template does not describe");
  }

  @Test
  void serviceLinksLeftOnFail() {
    assertThat(
            violationsAfter(
                r ->
                    named(r, Deployment.class, "gateway")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .setEnableServiceLinks(null)))
        .containsExactly(
            "Deployment/gateway: enableServiceLinks must be false (Service links add *_PORT variables)");
  }

  @Test
  void aDeploymentWithoutDisruptionBudgetFails() {
    assertThat(
            violationsAfter(
                r ->
                    r.removeIf(
                        x ->
                            x.getKind().equals("PodDisruptionBudget")
                                && x.getMetadata().getName().equals("gateway"))))
        .containsExactly("Deployment/gateway: is covered by 0 PodDisruptionBudgets, not 1");
  }

  @Test
  void anUnknownFieldIsReported() {
    HasMetadata typo =
        Manifests.parse(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: web:1.0
                      livenessProbes:
                        httpGet: {path: /, port: 80}
            """);

    assertThat(Manifests.unknownFields(typo))
        .containsExactly(
            "Deployment/web: unknown field spec.template.spec.containers[0].livenessProbes");
  }

  @Test
  void anUnknownKindIsReported() {
    HasMetadata unknown =
        Manifests.parse("apiVersion: example.org/v1\nkind: Widget\nmetadata:\n  name: w\n");

    assertThat(Manifests.unknownFields(unknown))
        .containsExactly("Widget/w: unknown kind example.org/v1 Widget");
  }

  private static List<String> violationsAfter(Consumer<List<HasMetadata>> change) {
    List<HasMetadata> resources = new ArrayList<>(Fixtures.rendered("k8s/overlays/k3s"));
    change.accept(resources);
    return ManifestRules.check(resources, Fixtures.k8sContext());
  }

  private static Container container(List<HasMetadata> resources, String workload) {
    return ManifestRules.workloads(resources).stream()
        .filter(w -> w.owner().getMetadata().getName().equals(workload))
        .findFirst()
        .orElseThrow()
        .pod()
        .getContainers()
        .get(0);
  }

  private static <T extends HasMetadata> T named(
      List<HasMetadata> resources, Class<T> type, String name) {
    return resources.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(r -> r.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
