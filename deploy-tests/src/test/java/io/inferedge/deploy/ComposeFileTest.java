package io.inferedge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, parsed: consistent with the services' configuration and the Dockerfile
 * ({@link ComposeRules}), and valid for docker-compose 1.29 when that is installed. The negative
 * tests break one thing each and expect the violation.
 */
class ComposeFileTest {

  @Test
  void followsTheRules() {
    assertThat(Fixtures.composeViolations(Fixtures.compose())).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void runsKafkaPostgresqlTheFourServicesBothInferenceTiersPrometheusAndGrafana() {
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) Fixtures.compose().get("services");

    assertThat(services)
        .containsOnlyKeys(
            "kafka",
            "postgres",
            "inference-service",
            "inference-server",
            "telemetry-service",
            "policy-service",
            "gateway",
            "prometheus",
            "grafana");
    assertThat(String.valueOf(services.get("kafka").get("image"))).startsWith("apache/kafka:");
    assertThat(ComposeRules.environment(services.get("kafka")))
        .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
    assertThat(ComposeRules.environment(services.get("inference-service")))
        .containsEntry("INFER_EDGE_INFERENCE_ROLE", "device");
    assertThat(ComposeRules.environment(services.get("inference-server")))
        .containsEntry("INFER_EDGE_INFERENCE_ROLE", "server");
    assertThat(services.get("gateway").get("ports")).isEqualTo(List.of("8080:8080"));
  }

  @Test
  void passesDockerComposeConfig() throws IOException, InterruptedException {
    Path binary = onPath("docker-compose");
    assumeTrue(binary != null, "docker-compose is not installed (apt-get install docker-compose)");

    Process process =
        new ProcessBuilder(binary.toString(), "-f", "docker-compose.yml", "config", "-q")
            .directory(Repo.home().toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  @Test
  void aServiceWithoutHealthcheckFails() {
    assertThat(violationsAfter(s -> s.get("policy-service").remove("healthcheck")))
        .containsExactly("service policy-service: needs a healthcheck");
  }

  @Test
  void aHealthcheckOnTheWrongPortOrPathFails() {
    assertThat(
            violationsAfter(
                s ->
                    s.get("gateway")
                        .put(
                            "healthcheck",
                            Map.of(
                                "test",
                                List.of(
                                    "CMD", "/opt/infer-edge/bin/healthcheck", "8081", "/health")))))
        .containsExactlyInAnyOrder(
            "service gateway: healthcheck port 8081 is not server.port 8080",
            "service gateway: healthcheck path /health is not one of [/actuator/health, /actuator/health/liveness, /actuator/health/readiness]");
  }

  @Test
  void aVariableTheServiceDoesNotReadFails() {
    assertThat(violationsAfter(s -> env(s, "telemetry-service").put("DATABASE_USERNAME", "x")))
        .containsExactly(
            "service telemetry-service: variable DATABASE_USERNAME is not read by telemetry-service");
  }

  @Test
  void aMissingRequiredVariableFails() {
    assertThat(violationsAfter(s -> env(s, "gateway").remove("TELEMETRY_URL")))
        .containsExactly(
            "service gateway: must set TELEMETRY_URL (its default is for the local mode)");
  }

  @Test
  void aPasswordWrittenIntoTheFileFails() {
    assertThat(
            violationsAfter(
                s -> {
                  env(s, "postgres").put("POSTGRES_PASSWORD", "hunter2");
                  env(s, "policy-service").put("DATABASE_PASSWORD", "hunter2");
                }))
        .contains(
            "service postgres: POSTGRES_PASSWORD must come from the environment (${...}), not the file",
            "service policy-service: DATABASE_PASSWORD must come from the environment (${...}), not the file");
  }

  @Test
  void aDependencyWithoutServiceHealthyFails() {
    assertThat(
            violationsAfter(
                s ->
                    dependsOn(s, "gateway")
                        .put("policy-service", Map.of("condition", "service_started"))))
        .containsExactly(
            "service gateway: must depend_on policy-service with condition service_healthy");
  }

  @Test
  void aUrlWithTheWrongPortFails() {
    assertThat(
            violationsAfter(
                s -> env(s, "gateway").put("INFERENCE_URL", "http://inference-service:8080")))
        .containsExactly(
            "service gateway: INFERENCE_URL uses port 8080, inference-service listens on 8081");
  }

  @Test
  void anUnpinnedImageAndAWrongBuildPortFail() {
    assertThat(
            violationsAfter(
                s -> {
                  s.get("postgres").put("image", "postgres:latest");
                  buildArgs(s, "policy-service").put("PORT", "8080");
                }))
        .containsExactlyInAnyOrder(
            "service postgres: image postgres:latest is not pinned to a tag",
            "service policy-service: build arg PORT must be server.port 8083");
  }

  @Test
  void anImageWithoutTheNativesItsServiceLoadsFails() {
    assertThat(
            violationsAfter(
                s -> {
                  build(s, "policy-service").put("target", "service");
                  build(s, "gateway").put("target", "policy-service");
                }))
        .containsExactlyInAnyOrder(
            "service policy-service: build target must be policy-service (policy-service loads the TensorFlow natives)",
            "service gateway: build target must be service (no native code)");
  }

  @Test
  void publishingAnInternalServiceFails() {
    assertThat(violationsAfter(s -> s.get("kafka").put("ports", List.of("9092:9092"))))
        .containsExactly("service kafka: publishes ports on the host; only gateway, grafana may");
  }

  @Test
  void aMemoryLimitIsRequired() {
    assertThat(violationsAfter(s -> s.get("inference-server").remove("mem_limit")))
        .containsExactly("service inference-server: needs a memory limit (mem_limit)");
  }

  @SuppressWarnings("unchecked")
  private static List<String> violationsAfter(Consumer<Map<String, Map<String, Object>>> change) {
    Map<String, Object> compose = Fixtures.compose();
    change.accept((Map<String, Map<String, Object>>) compose.get("services"));
    return new ArrayList<>(Fixtures.composeViolations(compose));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> env(Map<String, Map<String, Object>> services, String name) {
    return (Map<String, Object>) services.get(name).get("environment");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> dependsOn(
      Map<String, Map<String, Object>> services, String name) {
    return (Map<String, Object>)
        services.get(name).computeIfAbsent("depends_on", k -> new LinkedHashMap<>());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> build(Map<String, Map<String, Object>> services, String name) {
    return (Map<String, Object>) services.get(name).get("build");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> buildArgs(
      Map<String, Map<String, Object>> services, String name) {
    return (Map<String, Object>) build(services, name).get("args");
  }

  static Path onPath(String binary) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, binary);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
