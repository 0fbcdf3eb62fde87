package io.inferedge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The monitoring files, parsed: the Grafana dashboard is valid JSON whose every panel has the
 * provisioned Prometheus data source and queries, and whose every metric is documented in
 * docs/metrics.md and emitted by a service (registered under its documented Micrometer name in a
 * service's sources, or bound by a library the services use); the Prometheus configuration scrapes
 * every service's actuator with the admin key from a compose secret; docker-compose runs both with
 * the provisioning directories mounted.
 */
class MonitoringFilesTest {

  static final Path DASHBOARD = Path.of("deploy/grafana/dashboards/infer-edge.json");
  static final Path DATASOURCE = Path.of("deploy/grafana/provisioning/datasources/prometheus.yml");
  static final Path PROMETHEUS = Path.of("deploy/prometheus/prometheus.yml");
  static final Path METRICS_DOC = Path.of("docs/metrics.md");

  /** Meters bound by libraries, by Prometheus name prefix: the artefact that binds them. */
  static final Map<String, String> LIBRARY_METERS =
      Map.of(
          "kafka_consumer_", "spring-boot-starter-kafka",
          "spring_kafka_", "spring-boot-starter-kafka",
          "http_server_requests", "spring-boot-starter-webmvc",
          "resilience4j_", "resilience4j-micrometer");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> PROMQL_WORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "and",
          "or",
          "unless",
          "offset");
  private static final Pattern SUFFIX = Pattern.compile("_(bucket|count|sum|max)$");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void dashboardPanelsHaveTheDataSourceAndQueriesAndCoverTheOperatorsQuestions()
      throws IOException {
    JsonNode dashboard = JSON.readTree(Files.readString(Repo.path(DASHBOARD.toString())));
    String uid = datasourceUid();
    assertThat(dashboard.path("uid").asText()).isNotBlank();
    List<String> titles = new ArrayList<>();
    for (JsonNode panel : panels(dashboard)) {
      String title = panel.path("title").asText();
      titles.add(title);
      assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo(uid);
      JsonNode targets = panel.path("targets");
      assertThat(targets.isArray() && !targets.isEmpty()).as(title + " has targets").isTrue();
      for (JsonNode target : targets) {
        assertThat(target.path("expr").asText()).as(title).isNotBlank();
        assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo(uid);
      }
    }
    assertThat(String.join("\n", titles).toLowerCase())
        .contains(
            "latency p50 / p95",
            "accuracy",
            "energy per frame",
            "decisions by model",
            "decisions by cut",
            "decisions by resolution",
            "decisions by frame skip",
            "fallbacks",
            "consumer lag",
            "queue depths",
            "policy version",
            "live reward");
    // The latency panel draws the SLO line next to p50 and p95.
    assertThat(exprs(dashboard))
        .anyMatch(e -> e.startsWith("histogram_quantile(0.95"))
        .anyMatch(e -> e.startsWith("histogram_quantile(0.5"))
        .contains("vector($slo)");
  }

  @Test
  void everyMetricTheDashboardQueriesIsDocumentedAndEmitted() throws IOException {
    JsonNode dashboard = JSON.readTree(Files.readString(Repo.path(DASHBOARD.toString())));
    Set<String> used = new LinkedHashSet<>();
    exprs(dashboard).forEach(e -> used.addAll(metricNames(e)));
    assertThat(used)
        .contains("gateway_decisions_total", "telemetry_outcome_latency_seconds_bucket");

    assertThat(undocumentedOrSilent(used, documented(), sources(), poms())).isEmpty();
  }

  @Test
  void anUndocumentedOrSilentMetricIsReported() {
    Map<String, String> documented =
        Map.of("gateway_decisions_total", "gateway.decisions", "ghost_total", "ghost");
    assertThat(
            undocumentedOrSilent(
                List.of("gateway_decisions_total", "made_up_total", "ghost_total"),
                documented,
                "Counter.builder(\"gateway.decisions\")",
                ""))
        .containsExactly(
            "made_up_total is not documented in docs/metrics.md",
            "ghost_total (ghost) is not emitted by any service");
  }

  @Test
  void metricNamesAreTheIdentifiersThatAreNeitherFunctionsNorLabels() {
    assertThat(
            metricNames(
                "histogram_quantile(0.95, sum by (stream, le) (rate(x_seconds_bucket{stream=~\"$stream\","
                    + " le=\"0.1\"}[1m]))) / on (job) group_left max(y_total offset 5m) or"
                    + " vector($slo)"))
        .containsExactly("x_seconds_bucket", "y_total");
  }

  @Test
  @SuppressWarnings("unchecked")
  void prometheusScrapesEveryServiceWithTheAdminKeyFromAComposeSecret() {
    Map<String, Object> config = yaml(PROMETHEUS);
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) Fixtures.compose().get("services");
    Map<String, Object> prometheus = services.get("prometheus");
    assertThat(prometheus).as("compose service prometheus").isNotNull();
    Set<String> secretTargets = new LinkedHashSet<>();
    for (Object secret : (List<Object>) prometheus.get("secrets")) {
      secretTargets.add(
          secret instanceof Map<?, ?> m ? String.valueOf(m.get("target")) : String.valueOf(secret));
    }

    Set<String> scraped = new LinkedHashSet<>();
    for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
      String name = String.valueOf(job.get("job_name"));
      assertThat(job.get("metrics_path")).as(name).isEqualTo("/actuator/prometheus");
      Map<String, Object> authorization = (Map<String, Object>) job.get("authorization");
      assertThat(authorization).as(name + " authorization").isNotNull();
      assertThat(authorization).as(name).doesNotContainKey("credentials");
      String file = String.valueOf(authorization.get("credentials_file"));
      assertThat(file).as(name).startsWith("/run/secrets/");
      assertThat(secretTargets).as(name).contains(file.substring("/run/secrets/".length()));
      for (Map<String, Object> group : (List<Map<String, Object>>) job.get("static_configs")) {
        for (String target : (List<String>) group.get("targets")) {
          String host = target.substring(0, target.indexOf(':'));
          int port = Integer.parseInt(target.substring(target.indexOf(':') + 1));
          Map<String, Object> service = services.get(host);
          assertThat(service).as(target + " is a compose service").isNotNull();
          String module = ComposeRules.moduleOf(service);
          assertThat(module).as(target + " runs a service module").isNotNull();
          assertThat(port).as(target).isEqualTo(Fixtures.module(module).serverPort());
          scraped.add(host);
        }
      }
    }
    Set<String> ours = new LinkedHashSet<>();
    services.forEach(
        (name, service) -> {
          if (ComposeRules.moduleOf(service) != null) {
            ours.add(name);
          }
        });
    assertThat(scraped).isEqualTo(ours);
  }

  @Test
  @SuppressWarnings("unchecked")
  void grafanaIsProvisionedFromTheRepositoryAndReadsPrometheus() {
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) Fixtures.compose().get("services");
    Map<String, Object> grafana = services.get("grafana");
    List<String> volumes = (List<String>) grafana.get("volumes");
    assertThat(volumes)
        .contains(
            "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro",
            "./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro");
    assertThat((List<String>) services.get("prometheus").get("volumes"))
        .contains("./deploy/prometheus:/etc/prometheus:ro");
    assertThat(grafana.get("ports")).isEqualTo(List.of("127.0.0.1:3000:3000"));
    assertThat(ComposeRules.environment(grafana))
        .containsEntry("GF_SECURITY_ADMIN_PASSWORD__FILE", "/run/secrets/grafana_admin_password")
        .doesNotContainKey("GF_SECURITY_ADMIN_PASSWORD");

    Map<String, Object> datasource =
        ((List<Map<String, Object>>) yaml(DATASOURCE).get("datasources")).get(0);
    assertThat(datasource.get("type")).isEqualTo("prometheus");
    assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
    Map<String, Object> provider =
        ((List<Map<String, Object>>)
                yaml(Path.of("deploy/grafana/provisioning/dashboards/infer-edge.yml"))
                    .get("providers"))
            .get(0);
    assertThat(((Map<String, Object>) provider.get("options")).get("path"))
        .isEqualTo("/var/lib/grafana/dashboards");
  }

  /**
   * The metric names in a PromQL expression: identifiers outside label matchers, ranges and strings
   * that are not followed by {@code (} (functions, aggregations, {@code by (...)}) and are not
   * PromQL keywords or Grafana variables.
   */
  static List<String> metricNames(String expr) {
    String text =
        expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ")
            .replaceAll("\\$\\w+", " ")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    List<String> names = new ArrayList<>();
    Matcher m = IDENTIFIER.matcher(text);
    while (m.find()) {
      String word = m.group();
      int next = m.end();
      while (next < text.length() && text.charAt(next) == ' ') {
        next++;
      }
      boolean call = next < text.length() && text.charAt(next) == '(';
      boolean number = m.start() > 0 && Character.isDigit(text.charAt(m.start() - 1));
      if (!call && !number && !PROMQL_WORDS.contains(word) && !names.contains(word)) {
        names.add(word);
      }
    }
    return names;
  }

  /**
   * @param documented Prometheus series name to Micrometer name, from docs/metrics.md
   * @param sources the services' main sources, concatenated
   * @param poms the service modules' and service-support's poms, concatenated
   */
  static List<String> undocumentedOrSilent(
      Iterable<String> used, Map<String, String> documented, String sources, String poms) {
    List<String> problems = new ArrayList<>();
    for (String name : used) {
      String series = documented.containsKey(name) ? name : SUFFIX.matcher(name).replaceAll("");
      String micrometer = documented.get(series);
      if (micrometer == null) {
        problems.add(name + " is not documented in docs/metrics.md");
        continue;
      }
      boolean registered = sources.contains("\"" + micrometer + "\"");
      boolean bound =
          LIBRARY_METERS.entrySet().stream()
              .anyMatch(
                  e ->
                      series.startsWith(e.getKey())
                          && poms.contains("<artifactId>" + e.getValue() + "</artifactId>"));
      if (!registered && !bound) {
        problems.add(name + " (" + micrometer + ") is not emitted by any service");
      }
    }
    return problems;
  }

  /** docs/metrics.md's tables: the Prometheus series (second column) to the Micrometer name. */
  static Map<String, String> documented() {
    Map<String, String> names = new LinkedHashMap<>();
    Pattern row = Pattern.compile("(?m)^\\| `([a-z0-9_.-]+)` \\| `([a-z0-9_]+)`");
    Matcher m = row.matcher(Repo.read(Repo.path(METRICS_DOC.toString())));
    while (m.find()) {
      names.put(m.group(2), m.group(1));
    }
    return names;
  }

  private static String sources() {
    StringBuilder all = new StringBuilder();
    for (String module : Repo.SERVICE_MODULES) {
      try (Stream<Path> files = Files.walk(Repo.path(module + "/src/main/java"))) {
        files
            .filter(f -> f.toString().endsWith(".java"))
            .forEach(f -> all.append(Repo.read(f)).append('\n'));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return all.toString();
  }

  private static String poms() {
    StringBuilder all = new StringBuilder();
    for (String module : Repo.SERVICE_MODULES) {
      all.append(Repo.read(Repo.path(module + "/pom.xml")));
    }
    return all.append(Repo.read(Repo.path(ServiceModule.SHARED_MODULE + "/pom.xml"))).toString();
  }

  private static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if ("row".equals(panel.path("type").asText())) {
        panel.path("panels").forEach(panels::add);
      } else {
        panels.add(panel);
      }
    }
    assertThat(panels).as("dashboard panels").isNotEmpty();
    return panels;
  }

  private static List<String> exprs(JsonNode dashboard) {
    List<String> exprs = new ArrayList<>();
    for (JsonNode panel : panels(dashboard)) {
      panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
    }
    return exprs;
  }

  private static String datasourceUid() {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> sources =
        (List<Map<String, Object>>) yaml(DATASOURCE).get("datasources");
    return String.valueOf(sources.get(0).get("uid"));
  }

  private static Map<String, Object> yaml(Path relative) {
    return new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(Repo.read(Repo.path(relative.toString())));
  }
}
