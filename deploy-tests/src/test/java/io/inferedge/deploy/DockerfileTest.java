package io.inferedge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Dockerfiles, read as text (no Docker engine here): pinned bases, a non-root user, a health
 * check, JVM memory flags from the container limit, the TensorFlow natives where java.library.path
 * points, and build inputs that exist. The health check script is run against a real HTTP server.
 */
class DockerfileTest {

  private static final Pattern ARG = Pattern.compile("(?m)^ARG\\s+(\\w+)(?:=(\\S+))?\\s*$");
  private static final Pattern FROM =
      Pattern.compile("(?m)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*$");
  private static final Pattern COPY =
      Pattern.compile("(?m)^COPY\\s+(?!--from)(\\S+)\\s+(\\S+)\\s*$");

  @ParameterizedTest
  @ValueSource(strings = {"deploy/docker/Dockerfile", "deploy/docker/Dockerfile.jetson"})
  void baseImagesArePinnedAndTheServiceRunsAsAnUnprivilegedUser(String file) {
    String text = Repo.read(Repo.path(file));
    Map<String, String> args = globalArgs(text);
    Matcher from = FROM.matcher(text);
    List<String> bases = new ArrayList<>();
    while (from.find()) {
      String image = resolve(from.group(1), args);
      if (!isStage(text, image)) {
        bases.add(image);
      }
    }
    assertThat(bases)
        .isNotEmpty()
        .allSatisfy(
            image ->
                assertThat(image)
                    .matches("[\\w./-]+:[\\w.-]*\\d[\\w.-]*")
                    .doesNotEndWith(":latest"));
    Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)(?::(\\d+))?\\s*$").matcher(text);
    assertThat(user.find()).as("a numeric USER (so runAsNonRoot can verify it)").isTrue();
    assertThat(Integer.parseInt(user.group(1))).isPositive();
    assertThat(text).contains("HEALTHCHECK ", "/opt/infer-edge/bin/healthcheck");
    assertThat(text).containsPattern("JDK_JAVA_OPTIONS=\"[^\"]*-XX:MaxRAMPercentage=");
    assertThat(text).contains("ARG VERSION=" + Repo.version());
    assertThat(text).contains("org.springframework.boot.loader.launch.JarLauncher");
    assertThat(text).contains("-Djarmode=tools -jar app.jar extract --layers --launcher");
  }

  @Test
  void theServicesWhoseBuildUnpacksTheTensorFlowNativesAreInferenceAndPolicyService() {
    assertThat(Repo.read(Repo.path("pom.xml"))).contains("<id>unpack-tensorflow-natives</id>");
    assertThat(Fixtures.modules().values())
        .filteredOn(ServiceModule::tensorflowNatives)
        .extracting(ServiceModule::module)
        .containsExactlyInAnyOrder("inference-service", "policy-service");
  }

  @ParameterizedTest
  @ValueSource(strings = {"inference-service", "policy-service"})
  void anImageWithTensorFlowLoadsItFromWhereItCopiedTheNatives(String module) {
    String stage = stage(Repo.read(Repo.path("deploy/docker/Dockerfile")), module);
    Map<String, String> copies = copies(stage);
    String natives = nativesDir(module);

    assertThat(Fixtures.module(module).imageTarget()).isEqualTo(module);
    assertThat(copies).containsKey(natives + "/");
    String libraryDir = copies.get(natives + "/").replaceAll("/$", "");
    assertThat(stage).contains("\"-Djava.library.path=" + libraryDir + "\"");
    assertThat(stage)
        .as("TensorFlow's memory lives outside the heap")
        .contains("-XX:MaxRAMPercentage=50.0");
  }

  @Test
  void theSlimImageHasNoNativeCode() {
    String stage =
        stage(Repo.read(Repo.path("deploy/docker/Dockerfile")), ServiceModule.SLIM_IMAGE_TARGET);

    assertThat(stage).doesNotContain("tensorflow", "java.library.path");
    assertThat(Fixtures.modules().values())
        .filteredOn(m -> !m.tensorflowNatives())
        .allSatisfy(m -> assertThat(m.imageTarget()).isEqualTo(ServiceModule.SLIM_IMAGE_TARGET));
  }

  @Test
  void theInferenceImageShipsTheModelZooAndRunsDjlOffline() {
    String stage = stage(Repo.read(Repo.path("deploy/docker/Dockerfile")), "inference-service");

    assertThat(stage).contains("\"-Dai.djl.offline=true\"");
    assertThat(copies(stage)).containsEntry("models/", "/opt/infer-edge/models/");
    assertThat(stage).contains("INFER_EDGE_INFERENCE_MODEL_DIR=/opt/infer-edge/models");
    assertThat(
            EnvironmentCheck.propertyBoundBy(
                Fixtures.module("inference-service"), "INFER_EDGE_INFERENCE_MODEL_DIR"))
        .contains("infer-edge.inference.model-dir");
    assertThat(Repo.path("models")).isDirectory();
  }

  @Test
  void theJetsonImageUsesTheSameLayoutWithArm64Natives() {
    String text = Repo.read(Repo.path("deploy/docker/Dockerfile.jetson"));

    assertThat(text).contains("ARG BASE_IMAGE=nvcr.io/nvidia/l4t-jetpack:r36.");
    assertThat(copies(text))
        .containsEntry("deploy/docker/jetson/tensorflow-natives/", "/opt/tensorflow/lib/")
        .containsEntry("models/", "/opt/infer-edge/models/");
    assertThat(text)
        .contains("\"-Djava.library.path=/opt/tensorflow/lib\"", "\"-Dai.djl.offline=true\"");
    assertThat(Repo.path("deploy/docker/jetson/tensorflow-natives/README.md")).isRegularFile();
  }

  @Test
  void theBuildContextContainsEverythingTheDockerfilesCopy() {
    String ignore = Repo.read(Repo.path(".dockerignore"));
    assertThat(ignore).containsPattern("(?m)^\\*$");
    for (String file : List.of("deploy/docker/Dockerfile", "deploy/docker/Dockerfile.jetson")) {
      for (String source : copies(Repo.read(Repo.path(file))).keySet()) {
        for (String module : Repo.SERVICE_MODULES) {
          String path = source.replace("${MODULE}", module).replace("${VERSION}", Repo.version());
          boolean included =
              ignore
                  .lines()
                  .filter(l -> l.startsWith("!"))
                  .map(l -> l.substring(1))
                  .anyMatch(p -> glob(p, path));
          assertThat(included).as("%s: %s is re-included in .dockerignore", file, path).isTrue();
        }
      }
    }
    Path script = Repo.path("deploy/docker/healthcheck");
    assertThat(Files.isExecutable(script))
        .as("healthcheck is executable (COPY keeps the mode)")
        .isTrue();
  }

  @Test
  void builtJarsAreWhereTheDockerfileLooks() throws IOException {
    for (String module : Repo.SERVICE_MODULES) {
      Path target = Repo.path(module).resolve("target");
      List<Path> jars;
      try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
        jars = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).toList();
      }
      assumeTrue(!jars.isEmpty(), module + " is not packaged yet");
      assertThat(target.resolve(module + "-" + Repo.version() + "-exec.jar")).isRegularFile();
    }
  }

  @Test
  void theBuildScriptBuildsEveryServiceWithItsPort() {
    String script = Repo.read(Repo.path("deploy/docker/build-images.sh"));
    for (ServiceModule module : Fixtures.modules().values()) {
      assertThat(script)
          .contains(
              "build " + module.module() + " " + module.serverPort() + " " + module.imageTarget());
    }
  }

  @Test
  void theHealthcheckScriptIsHealthyOnlyOn200() throws Exception {
    Path bash = ComposeFileTest.onPath("bash");
    assumeTrue(bash != null, "no bash");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/actuator/health/readiness", exchange -> respond(exchange, 503, "{\"status\":\"DOWN\"}"));
    server.createContext(
        "/actuator/health/liveness", exchange -> respond(exchange, 200, "{\"status\":\"UP\"}"));
    server.start();
    try {
      String port = String.valueOf(server.getAddress().getPort());
      assertThat(runHealthcheck(bash, port, "/actuator/health/liveness")).isZero();
      assertThat(runHealthcheck(bash, port, "/actuator/health/readiness")).isEqualTo(1);
      assertThat(runHealthcheck(bash, port, null)).as("readiness by default").isEqualTo(1);
    } finally {
      server.stop(0);
    }
    // Nothing listening: unhealthy, not hanging.
    assertThat(runHealthcheck(bash, "1", null)).isNotZero();
  }

  private static int runHealthcheck(Path bash, String port, String path) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(bash.toString(), Repo.path("deploy/docker/healthcheck").toString(), port));
    if (path != null) {
      command.add(path);
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** The directory the root pom unpacks a module's TensorFlow natives into. */
  private static String nativesDir(String module) {
    String pom = Repo.read(Repo.path("pom.xml"));
    Matcher classifier =
        Pattern.compile("<tensorflow-native.classifier>([^<]+)</tensorflow-native.classifier>")
            .matcher(pom);
    assertThat(classifier.find()).isTrue();
    Matcher dir =
        Pattern.compile("<tensorflow.natives.dir>([^<]+)</tensorflow.natives.dir>").matcher(pom);
    assertThat(dir.find()).isTrue();
    return dir.group(1)
        .replace("${project.build.directory}", module + "/target")
        .replace("${tensorflow-native.classifier}", classifier.group(1));
  }

  /**
   * The instructions of stage {@code name}, from its FROM line to the next stage's, no comments.
   */
  private static String stage(String text, String name) {
    Matcher from =
        Pattern.compile("(?m)^FROM\\s+\\S+\\s+AS\\s+" + Pattern.quote(name) + "\\s*$")
            .matcher(text);
    assertThat(from.find()).as("a stage %s", name).isTrue();
    int next = text.indexOf("\nFROM ", from.end());
    return text.substring(from.start(), next < 0 ? text.length() : next)
        .replaceAll("(?m)^\\s*#.*\\n?", "");
  }

  /** COPY source to destination of the build context (not from other stages). */
  private static Map<String, String> copies(String text) {
    Map<String, String> copies = new LinkedHashMap<>();
    Matcher m = COPY.matcher(text);
    while (m.find()) {
      copies.put(m.group(1), m.group(2));
    }
    return copies;
  }

  private static Map<String, String> globalArgs(String text) {
    Map<String, String> args = new LinkedHashMap<>();
    Matcher m = ARG.matcher(text.substring(0, text.indexOf("\nFROM ")));
    while (m.find()) {
      args.put(m.group(1), m.group(2));
    }
    return args;
  }

  private static String resolve(String image, Map<String, String> args) {
    Matcher m = Pattern.compile("\\$\\{(\\w+)}").matcher(image);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(args.get(m.group(1)))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static boolean isStage(String text, String name) {
    return Pattern.compile("(?m)^FROM\\s+\\S+\\s+AS\\s+" + Pattern.quote(name) + "\\s*$")
        .matcher(text)
        .find();
  }

  /**
   * Whether .dockerignore pattern {@code pattern} ('*' within a path segment) covers {@code path}.
   */
  private static boolean glob(String pattern, String path) {
    String regex = Pattern.quote(pattern).replace("*", "\\E[^/]*\\Q");
    return path.matches(regex + (pattern.endsWith("/") ? ".*" : ""));
  }
}
