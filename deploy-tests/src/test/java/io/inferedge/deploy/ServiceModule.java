package io.inferedge.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What a service module reads from its configuration, taken from its sources: the flattened keys
 * and the {@code ${...}} placeholders of its configuration files (service-support's shared
 * defaults, its {@code application.yml} and the classpath files that one imports), and the
 * properties of its and service-support's {@code @ConfigurationProperties} records. The deployment
 * files must agree with this. Immutable.
 *
 * @param module the Maven module, e.g. {@code gateway}
 * @param ymlProperties every key of the configuration files, flattened with dots, with its value as
 *     text (the module's own files override the shared defaults)
 * @param placeholders the environment-variable-like placeholder names the files read (e.g. {@code
 *     KAFKA_BOOTSTRAP_SERVERS}) with their default ({@code null} when there is none)
 * @param recordProperties the properties of the {@code @ConfigurationProperties} records, e.g.
 *     {@code infer-edge.inference.device-id}, nested records flattened; {@code true} for a map or
 *     other structured property whose sub-keys are free (e.g. {@code device-profiles})
 * @param enumValues for record properties of an enum type declared in the sources, the allowed
 *     values in lower case
 * @param tensorflowNatives whether the module's build unpacks the TensorFlow shared libraries (its
 *     pom declares the root pom's {@code maven-dependency-plugin}, whose one execution is {@code
 *     unpack-tensorflow-natives}): the service loads them at run time, so its image must carry them
 *     and put them on {@code java.library.path}
 */
record ServiceModule(
    String module,
    Map<String, String> ymlProperties,
    Map<String, String> placeholders,
    Map<String, Boolean> recordProperties,
    Map<String, Set<String>> enumValues,
    boolean tensorflowNatives) {

  /** The stage of deploy/docker/Dockerfile without native code, for the other services. */
  static final String SLIM_IMAGE_TARGET = "service";

  static final String SHARED_MODULE = "service-support";
  static final String SHARED_DEFAULTS = "infer-edge-service-defaults.yml";

  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(?::([^}]*))?}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
  private static final Pattern PREFIX =
      Pattern.compile(
          "@ConfigurationProperties\\(\\s*(?:prefix\\s*=\\s*|value\\s*=\\s*)?\"([^\"]+)\"");
  private static final Pattern FIRST_RECORD = Pattern.compile("\\brecord\\s+(\\w+)\\s*\\(");
  private static final Pattern ENUM = Pattern.compile("\\benum\\s+(\\w+)\\s*\\{([^}]*)}");
  private static final Set<String> SCALARS =
      Set.of(
          "String",
          "int",
          "Integer",
          "long",
          "Long",
          "boolean",
          "Boolean",
          "double",
          "Double",
          "float",
          "Float",
          "Duration",
          "Period",
          "Path",
          "URI",
          "URL",
          "DataSize",
          "Charset");

  static ServiceModule load(String module) {
    Path dir = Repo.path(module);
    Path shared = Repo.path(SHARED_MODULE);
    List<Path> files = new ArrayList<>();
    Path defaults = shared.resolve("src/main/resources").resolve(SHARED_DEFAULTS);
    if (Files.isRegularFile(defaults)) {
      files.add(defaults);
    }
    Path applicationYml = dir.resolve("src/main/resources/application.yml");
    files.add(applicationYml);
    Map<String, String> flat = new LinkedHashMap<>();
    Map<String, String> placeholders = new LinkedHashMap<>();
    for (int i = 0; i < files.size(); i++) {
      String yml = Repo.read(files.get(i));
      Map<String, String> own = new LinkedHashMap<>();
      if (new Yaml(new SafeConstructor(new LoaderOptions())).load(yml) instanceof Map<?, ?> map) {
        flatten("", map, own);
      }
      flat.putAll(own);
      Matcher m = PLACEHOLDER.matcher(yml);
      while (m.find()) {
        if (ENV_NAME.matcher(m.group(1)).matches()) {
          placeholders.put(m.group(1), m.group(2));
        }
      }
      String imports = own.get("spring.config.import");
      if (imports != null && files.get(i).equals(applicationYml)) {
        for (String imported : imports.split(",")) {
          String name = imported.trim().replaceFirst("^optional:", "");
          if (name.startsWith("classpath:")) {
            files.add(
                dir.resolve("src/main/resources").resolve(name.substring("classpath:".length())));
          }
        }
      }
    }
    List<Path> sources = new ArrayList<>(javaSources(dir));
    sources.addAll(javaSources(shared));
    Map<String, Set<String>> enums = enumsOf(sources);
    Map<String, Boolean> recordProperties = new LinkedHashMap<>();
    Map<String, Set<String>> enumValues = new LinkedHashMap<>();
    for (Path source : sources) {
      String text = stripCommentsAndStrings(Repo.read(source));
      Matcher prefix = PREFIX.matcher(Repo.read(source));
      Matcher record = FIRST_RECORD.matcher(text);
      if (!prefix.find() || !record.find()) {
        continue;
      }
      collect(text, record.group(1), prefix.group(1), enums, recordProperties, enumValues);
    }
    if (recordProperties.isEmpty()) {
      throw new IllegalStateException(module + ": no @ConfigurationProperties record found");
    }
    boolean natives =
        Repo.read(dir.resolve("pom.xml"))
            .contains("<artifactId>maven-dependency-plugin</artifactId>");
    return new ServiceModule(module, flat, placeholders, recordProperties, enumValues, natives);
  }

  /**
   * The deploy/docker/Dockerfile target its image is built from: a stage named after the module
   * when it needs the TensorFlow natives, else the slim {@value #SLIM_IMAGE_TARGET} stage.
   */
  String imageTarget() {
    return tensorflowNatives ? module : SLIM_IMAGE_TARGET;
  }

  /** {@code server.port} of application.yml. */
  int serverPort() {
    return Integer.parseInt(required("server.port"));
  }

  /** Whether {@code /actuator/health/liveness} and {@code /readiness} exist. */
  boolean probesEnabled() {
    return "true".equals(ymlProperties.get("management.endpoint.health.probes.enabled"));
  }

  /** The health endpoint paths this service answers. */
  Set<String> healthPaths() {
    Set<String> paths = new LinkedHashSet<>();
    paths.add("/actuator/health");
    if (probesEnabled()) {
      paths.add("/actuator/health/liveness");
      paths.add("/actuator/health/readiness");
    }
    return paths;
  }

  boolean usesDatabase() {
    return ymlProperties.containsKey("spring.datasource.url");
  }

  /** {@code spring.flyway.schemas}, the schema the service owns, or null. */
  String schema() {
    return ymlProperties.get("spring.flyway.schemas");
  }

  private String required(String key) {
    String value = ymlProperties.get(key);
    if (value == null) {
      throw new IllegalStateException(module + ": no " + key + " in its configuration");
    }
    return value;
  }

  /** Adds the components of record {@code name} (declared in {@code text}) under {@code prefix}. */
  private static void collect(
      String text,
      String name,
      String prefix,
      Map<String, Set<String>> enums,
      Map<String, Boolean> properties,
      Map<String, Set<String>> enumValues) {
    for (String[] component : recordComponents(text, name)) {
      String type = component[0];
      String property = prefix + "." + kebab(component[1]);
      if (SCALARS.contains(type)) {
        properties.put(property, false);
      } else if (enums.containsKey(type)) {
        properties.put(property, false);
        enumValues.put(property, enums.get(type));
      } else if (Pattern.compile("\\brecord\\s+" + type + "\\s*\\(").matcher(text).find()) {
        collect(text, type, property, enums, properties, enumValues);
      } else {
        properties.put(property, true);
      }
    }
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey();
      if (e.getValue() instanceof Map<?, ?> nested) {
        flatten(key, nested, out);
      } else {
        out.put(key, e.getValue() == null ? null : String.valueOf(e.getValue()));
      }
    }
  }

  private static List<Path> javaSources(Path moduleDir) {
    Path src = moduleDir.resolve("src/main/java");
    try (Stream<Path> files = Files.walk(src)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Enums declared in the sources: simple name to lower-case constants. */
  private static Map<String, Set<String>> enumsOf(List<Path> sources) {
    Map<String, Set<String>> enums = new LinkedHashMap<>();
    for (Path source : sources) {
      Matcher m = ENUM.matcher(stripCommentsAndStrings(Repo.read(source)));
      while (m.find()) {
        Set<String> constants = new LinkedHashSet<>();
        String body = m.group(2).split(";", 2)[0];
        for (String constant : body.split(",")) {
          String constantName = constant.trim().split("[\\s(]", 2)[0];
          if (!constantName.isEmpty()) {
            constants.add(constantName.toLowerCase(Locale.ROOT).replace('_', '-'));
          }
        }
        enums.put(m.group(1), constants);
      }
    }
    return enums;
  }

  /**
   * The components of record {@code name} declared in {@code text} (comments and string literals
   * already blanked), as {type simple name, component name}: the text between {@code record name(}
   * and its closing parenthesis, split at top-level commas; annotations and generics are skipped.
   */
  static List<String[]> recordComponents(String text, String name) {
    Matcher header = Pattern.compile("\\brecord\\s+" + name + "\\s*\\(").matcher(text);
    if (!header.find()) {
      throw new IllegalStateException("no record " + name);
    }
    int depth = 1;
    StringBuilder current = new StringBuilder();
    List<String> parts = new ArrayList<>();
    for (int i = header.end(); i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(' || c == '<') {
        depth++;
      } else if (c == ')' || c == '>') {
        depth--;
        if (depth == 0) {
          break;
        }
      } else if (c == ',' && depth == 1) {
        parts.add(current.toString());
        current.setLength(0);
        continue;
      }
      current.append(c);
    }
    parts.add(current.toString());
    List<String[]> components = new ArrayList<>();
    for (String part : parts) {
      String cleaned =
          part.replaceAll("@[\\w.]+(\\([^)]*\\))?", " ").replaceAll("<[^>]*>", "").trim();
      if (cleaned.isEmpty()) {
        continue;
      }
      String[] tokens = cleaned.split("\\s+");
      String type = tokens[tokens.length - 2];
      components.add(
          new String[] {type.substring(type.lastIndexOf('.') + 1), tokens[tokens.length - 1]});
    }
    return components;
  }

  /** Java source with comments removed and string/char literals emptied, positions kept. */
  static String stripCommentsAndStrings(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      char next = i + 1 < source.length() ? source.charAt(i + 1) : '\0';
      if (c == '/' && next == '/') {
        while (i < source.length() && source.charAt(i) != '\n') {
          out.append(' ');
          i++;
        }
      } else if (c == '/' && next == '*') {
        int end = source.indexOf("*/", i + 2);
        end = end < 0 ? source.length() : end + 2;
        for (; i < end; i++) {
          out.append(source.charAt(i) == '\n' ? '\n' : ' ');
        }
      } else if (c == '"' || c == '\'') {
        out.append(c);
        i++;
        while (i < source.length() && source.charAt(i) != c) {
          if (source.charAt(i) == '\\') {
            out.append(' ');
            i++;
          }
          out.append(' ');
          i++;
        }
        if (i < source.length()) {
          out.append(c);
          i++;
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** {@code predictorsPerModel} to {@code predictors-per-model}. */
  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
