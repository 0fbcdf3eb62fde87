package io.inferedge.deploy;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules docker-compose.yml must follow, checked on the parsed file against the services'
 * configuration and the Dockerfile; a list of violations (empty: all good). Stateless; thread-safe.
 */
final class ComposeRules {

  private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z0-9_]+)(:?[-?][^}]*)?}");
  private static final Pattern JDBC =
      Pattern.compile("jdbc:postgresql://([a-z0-9.-]+):(\\d+)/(\\w+)(?:\\?(.*))?");
  private static final Pattern STAGE = Pattern.compile("(?im)^FROM\\s+\\S+\\s+AS\\s+(\\S+)\\s*$");

  private ComposeRules() {}

  /**
   * Checks a parsed compose file.
   *
   * @param compose the file, as SnakeYAML maps
   * @param modules the service modules by name
   * @param version the project version (the tag of the project's images)
   * @param dockerfiles Dockerfile text by path relative to the repository root
   * @param publicServices the compose services that may publish ports on the host
   */
  @SuppressWarnings("unchecked")
  static List<String> check(
      Map<String, Object> compose,
      Map<String, ServiceModule> modules,
      String version,
      Map<String, String> dockerfiles,
      Set<String> publicServices) {
    List<String> violations = new ArrayList<>();
    if (compose.containsKey("name")) {
      violations.add("top-level 'name' is Compose-spec only; docker-compose 1.29 rejects it");
    }
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) compose.getOrDefault("services", Map.of());
    if (services.isEmpty()) {
      violations.add("no services");
    }
    Map<String, String> moduleOfService = new LinkedHashMap<>();
    services.forEach(
        (name, service) -> {
          String module = moduleOf(service);
          if (module != null) {
            moduleOfService.put(name, module);
          }
        });
    for (String module : modules.keySet()) {
      if (!moduleOfService.containsValue(module)) {
        violations.add("no compose service runs " + module);
      }
    }
    for (Map.Entry<String, Map<String, Object>> e : services.entrySet()) {
      String name = e.getKey();
      Map<String, Object> service = e.getValue();
      String where = "service " + name;
      checkImage(where, service, version, moduleOfService.containsKey(name), violations);
      if (!service.containsKey("mem_limit")) {
        violations.add(where + ": needs a memory limit (mem_limit)");
      }
      Map<String, Object> healthcheck = (Map<String, Object>) service.get("healthcheck");
      if (healthcheck == null || healthcheck.get("test") == null) {
        violations.add(where + ": needs a healthcheck");
      }
      if (service.containsKey("ports") && !publicServices.contains(name)) {
        violations.add(
            where
                + ": publishes ports on the host; only "
                + String.join(", ", new java.util.TreeSet<>(publicServices))
                + " may");
      }
      String module = moduleOfService.get(name);
      if (module == null) {
        continue;
      }
      ServiceModule config = modules.get(module);
      checkBuild(where, service, config, dockerfiles, violations);
      checkServiceHealthcheck(where, healthcheck, config, violations);
      Map<String, String> env = environment(service);
      for (String unread : EnvironmentCheck.unread(config, env.keySet())) {
        violations.add(where + ": variable " + unread + " is not read by " + module);
      }
      for (String required : EnvironmentCheck.required(config)) {
        if (!env.containsKey(required)) {
          violations.add(where + ": must set " + required + " (its default is for the local mode)");
        }
      }
      Map<String, Object> dependsOn = dependsOn(service);
      env.forEach(
          (var, value) -> {
            EnvironmentCheck.propertyBoundBy(config, var)
                .map(config.enumValues()::get)
                .filter(allowed -> !allowed.contains(ManifestRules.enumForm(value)))
                .ifPresent(
                    allowed ->
                        violations.add(
                            where + ": " + var + "=" + value + " is not one of " + allowed));
            checkValue(
                where,
                var,
                value,
                config,
                services,
                modules,
                moduleOfService,
                dependsOn,
                violations);
          });
    }
    checkDatabaseCredentials(services, moduleOfService, modules, violations);
    return violations;
  }

  private static void checkImage(
      String where,
      Map<String, Object> service,
      String version,
      boolean ours,
      List<String> violations) {
    Object image = service.get("image");
    if (image == null) {
      violations.add(where + ": needs an image with a pinned tag");
      return;
    }
    String text = String.valueOf(image);
    int colon = text.lastIndexOf(':');
    String tag = colon > text.lastIndexOf('/') ? text.substring(colon + 1) : null;
    if (tag == null || tag.equals("latest") || tag.contains("$")) {
      violations.add(where + ": image " + text + " is not pinned to a tag");
    } else if (ours && !tag.equals(version)) {
      violations.add(where + ": image " + text + " must carry the project version " + version);
    }
  }

  @SuppressWarnings("unchecked")
  private static void checkBuild(
      String where,
      Map<String, Object> service,
      ServiceModule config,
      Map<String, String> dockerfiles,
      List<String> violations) {
    Map<String, Object> build = (Map<String, Object>) service.get("build");
    if (build == null) {
      violations.add(
          where + ": needs a build section (the image is built from the Maven artefacts)");
      return;
    }
    String dockerfile = String.valueOf(build.get("dockerfile"));
    String text = dockerfiles.get(dockerfile);
    if (!".".equals(build.get("context")) || text == null) {
      violations.add(where + ": build must use context . and a Dockerfile of deploy/docker");
      return;
    }
    Object target = build.get("target");
    List<String> stages = new ArrayList<>();
    Matcher m = STAGE.matcher(text);
    while (m.find()) {
      stages.add(m.group(1));
    }
    if (target == null || !stages.contains(String.valueOf(target))) {
      violations.add(where + ": build target " + target + " is not a stage of " + dockerfile);
    }
    if (!config.imageTarget().equals(target)) {
      violations.add(
          where
              + ": build target must be "
              + config.imageTarget()
              + (config.tensorflowNatives()
                  ? " (" + config.module() + " loads the TensorFlow natives)"
                  : " (no native code)"));
    }
    Map<String, Object> args = (Map<String, Object>) build.getOrDefault("args", Map.of());
    if (!config.module().equals(String.valueOf(args.get("MODULE")))) {
      violations.add(where + ": build arg MODULE must be " + config.module());
    }
    if (!String.valueOf(config.serverPort()).equals(String.valueOf(args.get("PORT")))) {
      violations.add(where + ": build arg PORT must be server.port " + config.serverPort());
    }
  }

  @SuppressWarnings("unchecked")
  private static void checkServiceHealthcheck(
      String where,
      Map<String, Object> healthcheck,
      ServiceModule config,
      List<String> violations) {
    if (healthcheck == null || !(healthcheck.get("test") instanceof List<?> test)) {
      return;
    }
    List<String> args = ((List<Object>) test).stream().map(String::valueOf).toList();
    if (args.size() != 4
        || !args.get(0).equals("CMD")
        || !args.get(1).equals("/opt/infer-edge/bin/healthcheck")) {
      violations.add(
          where + ": healthcheck must be [CMD, /opt/infer-edge/bin/healthcheck, port, path]");
      return;
    }
    if (!args.get(2).equals(String.valueOf(config.serverPort()))) {
      violations.add(
          where
              + ": healthcheck port "
              + args.get(2)
              + " is not server.port "
              + config.serverPort());
    }
    if (!config.healthPaths().contains(args.get(3))) {
      violations.add(
          where + ": healthcheck path " + args.get(3) + " is not one of " + config.healthPaths());
    }
  }

  /** URLs name a compose service and its port; the service is a healthy dependency. */
  private static void checkValue(
      String where,
      String var,
      String value,
      ServiceModule config,
      Map<String, Map<String, Object>> services,
      Map<String, ServiceModule> modules,
      Map<String, String> moduleOfService,
      Map<String, Object> dependsOn,
      List<String> violations) {
    String host = null;
    int port = -1;
    if (value.startsWith("http://")) {
      URI uri = URI.create(value);
      host = uri.getHost();
      port = uri.getPort();
      String target = moduleOfService.get(host);
      if (target == null) {
        violations.add(
            where + ": " + var + " points at " + host + ", not a service of the project");
        return;
      }
      if (port != modules.get(target).serverPort()) {
        violations.add(
            where
                + ": "
                + var
                + " uses port "
                + port
                + ", "
                + host
                + " listens on "
                + modules.get(target).serverPort());
      }
    } else if (var.equals("KAFKA_BOOTSTRAP_SERVERS")) {
      host = value.split(":", 2)[0];
      if (!value.equals(advertisedListener(services.get(host)))) {
        violations.add(
            where + ": KAFKA_BOOTSTRAP_SERVERS " + value + " is not Kafka's advertised listener");
      }
    } else if (value.startsWith("jdbc:")) {
      Matcher m = JDBC.matcher(value);
      if (!m.matches()) {
        violations.add(where + ": " + var + " is not a PostgreSQL JDBC URL: " + value);
        return;
      }
      host = m.group(1);
      Map<String, String> db =
          services.containsKey(host) ? environment(services.get(host)) : Map.of();
      if (!m.group(3).equals(db.get("POSTGRES_DB"))) {
        violations.add(
            where + ": " + var + " names database " + m.group(3) + ", not " + host + "'s");
      }
      if (m.group(4) == null || !m.group(4).contains("currentSchema=" + config.schema())) {
        violations.add(where + ": " + var + " must select the schema " + config.schema());
      }
    }
    if (host == null) {
      return;
    }
    if (!services.containsKey(host)) {
      violations.add(where + ": " + var + " points at " + host + ", no such service");
    } else if (!isHealthyDependency(dependsOn, host)) {
      violations.add(where + ": must depend_on " + host + " with condition service_healthy");
    }
  }

  private static void checkDatabaseCredentials(
      Map<String, Map<String, Object>> services,
      Map<String, String> moduleOfService,
      Map<String, ServiceModule> modules,
      List<String> violations) {
    for (Map.Entry<String, Map<String, Object>> e : services.entrySet()) {
      Map<String, String> env = environment(e.getValue());
      for (String var : List.of("POSTGRES_PASSWORD", "DATABASE_PASSWORD")) {
        String value = env.get(var);
        if (value != null && !INTERPOLATION.matcher(value).matches()) {
          violations.add(
              "service "
                  + e.getKey()
                  + ": "
                  + var
                  + " must come from the environment (${...}), not the file");
        }
      }
      String module = moduleOfService.get(e.getKey());
      if (module != null && modules.get(module).usesDatabase()) {
        String url = env.get("DATABASE_URL");
        Matcher m = url == null ? null : JDBC.matcher(url);
        if (m != null && m.matches() && services.containsKey(m.group(1))) {
          Map<String, String> db = environment(services.get(m.group(1)));
          if (!Objects.equals(env.get("DATABASE_USER"), db.get("POSTGRES_USER"))
              || !Objects.equals(env.get("DATABASE_PASSWORD"), db.get("POSTGRES_PASSWORD"))) {
            violations.add(
                "service "
                    + e.getKey()
                    + ": database user/password differ from "
                    + m.group(1)
                    + "'s");
          }
        }
      }
    }
  }

  private static String advertisedListener(Map<String, Object> kafka) {
    if (kafka == null) {
      return null;
    }
    String listeners = environment(kafka).get("KAFKA_ADVERTISED_LISTENERS");
    if (listeners == null) {
      return null;
    }
    for (String listener : listeners.split(",")) {
      if (listener.startsWith("PLAINTEXT://")) {
        return listener.substring("PLAINTEXT://".length());
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static boolean isHealthyDependency(Map<String, Object> dependsOn, String host) {
    Object dependency = dependsOn.get(host);
    return dependency instanceof Map<?, ?> map
        && "service_healthy".equals(((Map<String, Object>) map).get("condition"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> dependsOn(Map<String, Object> service) {
    Object value = service.get("depends_on");
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  /** The environment of a compose service (map or KEY=VALUE list form), values as text. */
  @SuppressWarnings("unchecked")
  static Map<String, String> environment(Map<String, Object> service) {
    Map<String, String> env = new LinkedHashMap<>();
    Object value = service.get("environment");
    if (value instanceof Map<?, ?> map) {
      ((Map<String, Object>) map).forEach((k, v) -> env.put(k, v == null ? "" : String.valueOf(v)));
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        String[] kv = String.valueOf(item).split("=", 2);
        env.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
    }
    return env;
  }

  /** The module a compose service runs: its build arg MODULE, else its project image name. */
  @SuppressWarnings("unchecked")
  static String moduleOf(Map<String, Object> service) {
    Object build = service.get("build");
    if (build instanceof Map<?, ?> map
        && ((Map<String, Object>) map).get("args") instanceof Map<?, ?> args
        && args.get("MODULE") != null) {
      return String.valueOf(args.get("MODULE"));
    }
    return ManifestRules.moduleOf(String.valueOf(service.get("image"))).orElse(null);
  }
}
