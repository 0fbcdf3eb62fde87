package io.inferedge.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules every rendered overlay must follow, as a list of violations (empty: all good), so that
 * a test can show both that the real manifests pass and that a broken one is caught. Stateless;
 * thread-safe.
 */
final class ManifestRules {

  /** A workload: its controller and its pod template. */
  record Workload(HasMetadata owner, PodTemplateSpec template) {
    String id() {
      return owner.getKind() + "/" + owner.getMetadata().getName();
    }

    Map<String, String> podLabels() {
      Map<String, String> labels = template.getMetadata().getLabels();
      return labels == null ? Map.of() : labels;
    }

    PodSpec pod() {
      return template.getSpec();
    }
  }

  /**
   * What the rules check against.
   *
   * @param modules the service modules, by module name
   * @param version the project version, the tag of the project's images
   * @param secrets the Secrets that exist outside the manifests (created by the operator from the
   *     template), by name, with their keys
   * @param publicWorkloads names of the workloads that may be reachable from outside the namespace
   */
  record Context(
      Map<String, ServiceModule> modules,
      String version,
      Map<String, Set<String>> secrets,
      Set<String> publicWorkloads) {}

  private static final Pattern IMAGE =
      Pattern.compile(
          "(?<repo>[^@:]+(?::\\d+/[^@:]+)?)(?::(?<tag>[\\w][\\w.-]*))?(?:@(?<digest>sha256:[0-9a-f]{64}))?");
  private static final Pattern HOST_PORT = Pattern.compile("([a-z0-9.-]+):(\\d+)");
  private static final Pattern JDBC =
      Pattern.compile("jdbc:postgresql://([a-z0-9.-]+):(\\d+)/(\\w+)(?:\\?(.*))?");

  private ManifestRules() {}

  static List<Workload> workloads(List<HasMetadata> resources) {
    List<Workload> workloads = new ArrayList<>();
    for (HasMetadata r : resources) {
      if (r instanceof Deployment d) {
        workloads.add(new Workload(d, d.getSpec().getTemplate()));
      } else if (r instanceof StatefulSet s) {
        workloads.add(new Workload(s, s.getSpec().getTemplate()));
      } else if (r instanceof DaemonSet ds) {
        workloads.add(new Workload(ds, ds.getSpec().getTemplate()));
      }
    }
    return workloads;
  }

  static List<String> check(List<HasMetadata> resources, Context context) {
    List<String> violations = new ArrayList<>();
    for (HasMetadata r : resources) {
      violations.addAll(Manifests.unknownFields(r));
      if (r instanceof Secret secret
          && ((secret.getData() != null && !secret.getData().isEmpty())
              || (secret.getStringData() != null && !secret.getStringData().isEmpty()))) {
        violations.add("Secret/" + name(r) + ": a secret value is in the manifests");
      }
    }
    List<Workload> workloads = workloads(resources);
    if (workloads.isEmpty()) {
      violations.add("no workloads rendered");
    }
    Map<String, ConfigMap> configMaps = new LinkedHashMap<>();
    List<Service> services = new ArrayList<>();
    for (HasMetadata r : resources) {
      if (r instanceof ConfigMap cm) {
        configMaps.put(name(cm), cm);
      } else if (r instanceof Service s) {
        services.add(s);
      }
    }
    for (Workload w : workloads) {
      checkWorkload(w, configMaps, services, context, violations);
    }
    checkServices(services, workloads, violations);
    checkDisruptionBudgets(resources, workloads, violations);
    checkNetworkPolicies(resources, workloads, services, context, violations);
    return violations;
  }

  private static void checkWorkload(
      Workload w,
      Map<String, ConfigMap> configMaps,
      List<Service> services,
      Context context,
      List<String> violations) {
    String id = w.id();
    LabelSelector selector = selectorOf(w.owner());
    if (selector == null || !matches(selector, w.podLabels())) {
      violations.add(id + ": its selector does not match its pod template's labels");
    }
    PodSpec pod = w.pod();
    if (!Boolean.FALSE.equals(pod.getEnableServiceLinks())) {
      violations.add(
          id + ": enableServiceLinks must be false (Service links add *_PORT variables)");
    }
    boolean podNonRoot =
        pod.getSecurityContext() != null
            && Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot());
    Set<String> volumes = new LinkedHashSet<>();
    for (Volume v : nullSafe(pod.getVolumes())) {
      volumes.add(v.getName());
    }
    if (w.owner() instanceof StatefulSet s) {
      nullSafe(s.getSpec().getVolumeClaimTemplates())
          .forEach(t -> volumes.add(t.getMetadata().getName()));
    }
    List<Container> containers = new ArrayList<>(nullSafe(pod.getContainers()));
    containers.addAll(nullSafe(pod.getInitContainers()));
    for (Container c : containers) {
      String where = id + " container " + c.getName();
      boolean init = nullSafe(pod.getInitContainers()).contains(c);
      if (!init && (c.getLivenessProbe() == null || c.getReadinessProbe() == null)) {
        violations.add(where + ": needs a liveness and a readiness probe");
      }
      checkResources(where, c.getResources(), violations);
      checkImage(where, c.getImage(), context, violations);
      if (!podNonRoot
          && (c.getSecurityContext() == null
              || !Boolean.TRUE.equals(c.getSecurityContext().getRunAsNonRoot()))) {
        violations.add(where + ": must run as non-root (runAsNonRoot)");
      }
      for (VolumeMount m : nullSafe(c.getVolumeMounts())) {
        if (!volumes.contains(m.getName())) {
          violations.add(where + ": mounts undeclared volume " + m.getName());
        }
      }
      Map<String, Optional<String>> env = environment(where, c, configMaps, context, violations);
      Set<String> portNames = new LinkedHashSet<>();
      for (ContainerPort p : nullSafe(c.getPorts())) {
        if (p.getName() != null) {
          portNames.add(p.getName());
        }
      }
      for (Probe probe :
          new Probe[] {c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe()}) {
        if (probe != null) {
          checkProbePort(where, probe, portNames, violations);
        }
      }
      moduleOf(c.getImage())
          .map(context.modules()::get)
          .ifPresent(module -> checkServiceContainer(where, c, module, env, services, violations));
    }
  }

  /**
   * The environment of a container: its env entries and its ConfigMaps' keys, with literal values.
   */
  private static Map<String, Optional<String>> environment(
      String where,
      Container c,
      Map<String, ConfigMap> configMaps,
      Context context,
      List<String> violations) {
    Map<String, Optional<String>> env = new LinkedHashMap<>();
    for (EnvFromSource from : nullSafe(c.getEnvFrom())) {
      if (from.getConfigMapRef() != null) {
        ConfigMap cm = configMaps.get(from.getConfigMapRef().getName());
        if (cm == null) {
          violations.add(where + ": ConfigMap " + from.getConfigMapRef().getName() + " is missing");
        } else if (cm.getData() != null) {
          cm.getData().forEach((k, v) -> env.put(k, Optional.ofNullable(v)));
        }
      }
      if (from.getSecretRef() != null) {
        violations.add(
            where + ": envFrom a Secret hides which variables it sets; use secretKeyRef");
      }
    }
    for (EnvVar e : nullSafe(c.getEnv())) {
      if (e.getValueFrom() == null) {
        env.put(e.getName(), Optional.ofNullable(e.getValue()));
        continue;
      }
      env.put(e.getName(), Optional.empty());
      var secretRef = e.getValueFrom().getSecretKeyRef();
      if (secretRef != null) {
        Set<String> keys = context.secrets().get(secretRef.getName());
        if (keys == null || !keys.contains(secretRef.getKey())) {
          violations.add(
              where
                  + ": "
                  + e.getName()
                  + " reads Secret "
                  + secretRef.getName()
                  + "/"
                  + secretRef.getKey()
                  + ", which the Secret template does not describe");
        }
      }
      var cmRef = e.getValueFrom().getConfigMapKeyRef();
      if (cmRef != null) {
        ConfigMap cm = configMaps.get(cmRef.getName());
        if (cm == null || cm.getData() == null || !cm.getData().containsKey(cmRef.getKey())) {
          violations.add(where + ": " + e.getName() + " reads a missing ConfigMap key");
        }
      }
    }
    return env;
  }

  private static void checkServiceContainer(
      String where,
      Container c,
      ServiceModule module,
      Map<String, Optional<String>> env,
      List<Service> services,
      List<String> violations) {
    Optional<ContainerPort> http =
        nullSafe(c.getPorts()).stream().filter(p -> "http".equals(p.getName())).findFirst();
    if (http.isEmpty() || http.get().getContainerPort() != module.serverPort()) {
      violations.add(
          where + ": needs a container port 'http' = server.port " + module.serverPort());
    }
    if (module.probesEnabled()) {
      expectPath(where, "liveness", c.getLivenessProbe(), "/actuator/health/liveness", violations);
      expectPath(
          where, "readiness", c.getReadinessProbe(), "/actuator/health/readiness", violations);
    }
    if (c.getStartupProbe() != null) {
      HTTPGetAction get = c.getStartupProbe().getHttpGet();
      if (get == null || !module.healthPaths().contains(get.getPath())) {
        violations.add(where + ": the startup probe must GET a health path of the service");
      }
    }
    if (module.tensorflowNatives() && !nullSafe(c.getCommand()).isEmpty()) {
      violations.add(
          where
              + ": command replaces the image's entrypoint, which puts the TensorFlow natives on"
              + " java.library.path");
    }
    for (String unread : EnvironmentCheck.unread(module, env.keySet())) {
      violations.add(where + ": variable " + unread + " is not read by " + module.module());
    }
    for (String required : EnvironmentCheck.required(module)) {
      if (!env.containsKey(required)) {
        violations.add(where + ": must set " + required + " (its default is for the local mode)");
      }
    }
    env.forEach(
        (name, value) -> {
          if (value.isEmpty()) {
            return;
          }
          EnvironmentCheck.propertyBoundBy(module, name)
              .map(module.enumValues()::get)
              .filter(allowed -> !allowed.contains(enumForm(value.get())))
              .ifPresent(
                  allowed ->
                      violations.add(
                          where + ": " + name + "=" + value.get() + " is not one of " + allowed));
          checkAddress(where, name, value.get(), module, services, violations);
        });
  }

  /** URLs, bootstrap servers and JDBC URLs must name a Service and one of its ports. */
  private static void checkAddress(
      String where,
      String name,
      String value,
      ServiceModule module,
      List<Service> services,
      List<String> violations) {
    String host = null;
    int port = -1;
    if (value.startsWith("http://") || value.startsWith("https://")) {
      URI uri = URI.create(value);
      host = uri.getHost();
      port = uri.getPort();
    } else if (name.equals("KAFKA_BOOTSTRAP_SERVERS")) {
      Matcher m = HOST_PORT.matcher(value);
      if (!m.matches()) {
        violations.add(where + ": KAFKA_BOOTSTRAP_SERVERS must be host:port, was " + value);
        return;
      }
      host = m.group(1);
      port = Integer.parseInt(m.group(2));
    } else if (value.startsWith("jdbc:")) {
      Matcher m = JDBC.matcher(value);
      if (!m.matches()) {
        violations.add(where + ": " + name + " is not a PostgreSQL JDBC URL: " + value);
        return;
      }
      host = m.group(1);
      port = Integer.parseInt(m.group(2));
      String expected = "currentSchema=" + module.schema();
      if (module.schema() == null || m.group(4) == null || !m.group(4).contains(expected)) {
        violations.add(where + ": " + name + " must select the schema " + module.schema());
      }
    }
    if (host == null) {
      return;
    }
    String serviceName = host.split("\\.", 2)[0];
    int wanted = port;
    boolean found =
        services.stream()
            .filter(s -> name(s).equals(serviceName))
            .flatMap(s -> nullSafe(s.getSpec().getPorts()).stream())
            .anyMatch(p -> p.getPort() == wanted);
    if (!found) {
      violations.add(
          where + ": " + name + " points at " + host + ":" + port + ", no such Service port");
    }
  }

  private static void expectPath(
      String where, String kind, Probe probe, String path, List<String> violations) {
    if (probe == null) {
      return;
    }
    HTTPGetAction get = probe.getHttpGet();
    if (get == null || !path.equals(get.getPath())) {
      violations.add(where + ": the " + kind + " probe must GET " + path);
    }
  }

  private static void checkProbePort(
      String where, Probe probe, Set<String> portNames, List<String> violations) {
    IntOrString port = null;
    if (probe.getHttpGet() != null) {
      port = probe.getHttpGet().getPort();
    } else if (probe.getTcpSocket() != null) {
      port = probe.getTcpSocket().getPort();
    }
    if (port != null && port.getStrVal() != null && !portNames.contains(port.getStrVal())) {
      violations.add(
          where + ": a probe uses port '" + port.getStrVal() + "', which is not declared");
    }
  }

  private static void checkResources(
      String where, ResourceRequirements resources, List<String> violations) {
    if (resources == null
        || resources.getRequests() == null
        || resources.getLimits() == null
        || !resources.getRequests().containsKey("cpu")
        || !resources.getRequests().containsKey("memory")
        || !resources.getLimits().containsKey("cpu")
        || !resources.getLimits().containsKey("memory")) {
      violations.add(where + ": needs cpu and memory requests and limits");
    }
  }

  private static void checkImage(
      String where, String image, Context context, List<String> violations) {
    if (image == null) {
      violations.add(where + ": has no image");
      return;
    }
    Matcher m = IMAGE.matcher(image);
    if (!m.matches()
        || (m.group("digest") == null
            && (m.group("tag") == null || m.group("tag").equals("latest")))) {
      violations.add(where + ": image " + image + " is not pinned to a tag or digest");
      return;
    }
    if (moduleOf(image).isPresent()
        && m.group("digest") == null
        && !context.version().equals(m.group("tag"))) {
      violations.add(
          where + ": image " + image + " must carry the project version " + context.version());
    }
  }

  /**
   * The service module an image of the project was built from: infer-edge/<module>[-jetson]:tag.
   */
  static Optional<String> moduleOf(String image) {
    if (image == null) {
      return Optional.empty();
    }
    String repo = image.split("[@]", 2)[0];
    int colon = repo.lastIndexOf(':');
    if (colon > repo.lastIndexOf('/')) {
      repo = repo.substring(0, colon);
    }
    String last = repo.substring(repo.lastIndexOf('/') + 1).replaceFirst("-jetson$", "");
    boolean ours = repo.contains("infer-edge/");
    return ours && Repo.SERVICE_MODULES.contains(last) ? Optional.of(last) : Optional.empty();
  }

  private static void checkServices(
      List<Service> services, List<Workload> workloads, List<String> violations) {
    for (Service s : services) {
      String id = "Service/" + name(s);
      Map<String, String> selector = s.getSpec().getSelector();
      if (selector == null || selector.isEmpty()) {
        violations.add(id + ": has no selector");
        continue;
      }
      List<Workload> selected =
          workloads.stream()
              .filter(w -> Objects.equals(namespace(w.owner()), namespace(s)))
              .filter(w -> w.podLabels().entrySet().containsAll(selector.entrySet()))
              .toList();
      if (selected.isEmpty()) {
        violations.add(id + ": selects no workload");
        continue;
      }
      for (ServicePort port : nullSafe(s.getSpec().getPorts())) {
        IntOrString target = port.getTargetPort();
        boolean exists =
            selected.stream()
                .flatMap(w -> nullSafe(w.pod().getContainers()).stream())
                .flatMap(c -> nullSafe(c.getPorts()).stream())
                .anyMatch(
                    p ->
                        target == null
                            ? p.getContainerPort().equals(port.getPort())
                            : target.getStrVal() != null
                                ? target.getStrVal().equals(p.getName())
                                : target.getIntVal().equals(p.getContainerPort()));
        if (!exists) {
          violations.add(id + ": port " + port.getPort() + " targets no container port");
        }
      }
    }
  }

  private static void checkDisruptionBudgets(
      List<HasMetadata> resources, List<Workload> workloads, List<String> violations) {
    List<PodDisruptionBudget> budgets =
        resources.stream()
            .filter(PodDisruptionBudget.class::isInstance)
            .map(PodDisruptionBudget.class::cast)
            .toList();
    for (PodDisruptionBudget pdb : budgets) {
      List<Workload> selected =
          workloads.stream()
              .filter(w -> matches(pdb.getSpec().getSelector(), w.podLabels()))
              .toList();
      if (selected.isEmpty()) {
        violations.add("PodDisruptionBudget/" + name(pdb) + ": selects no workload");
      }
      for (Workload w : selected) {
        if (w.owner() instanceof DaemonSet && pdb.getSpec().getMaxUnavailable() != null) {
          violations.add(
              "PodDisruptionBudget/"
                  + name(pdb)
                  + ": maxUnavailable cannot be computed for "
                  + w.id());
        }
      }
    }
    for (Workload w : workloads) {
      if (w.owner() instanceof DaemonSet) {
        continue;
      }
      long count =
          budgets.stream()
              .filter(pdb -> matches(pdb.getSpec().getSelector(), w.podLabels()))
              .count();
      if (count != 1) {
        violations.add(w.id() + ": is covered by " + count + " PodDisruptionBudgets, not 1");
      }
    }
  }

  private static void checkNetworkPolicies(
      List<HasMetadata> resources,
      List<Workload> workloads,
      List<Service> services,
      Context context,
      List<String> violations) {
    List<NetworkPolicy> policies =
        resources.stream()
            .filter(NetworkPolicy.class::isInstance)
            .map(NetworkPolicy.class::cast)
            .toList();
    boolean defaultDeny =
        policies.stream()
            .anyMatch(
                p ->
                    isEmpty(p.getSpec().getPodSelector())
                        && nullSafe(p.getSpec().getPolicyTypes()).contains("Ingress")
                        && nullSafe(p.getSpec().getIngress()).isEmpty());
    if (!defaultDeny) {
      violations.add("NetworkPolicy: no default deny-all-ingress policy");
    }
    for (Workload w : workloads) {
      String name = name(w.owner());
      List<NetworkPolicyIngressRule> rules =
          policies.stream()
              .filter(p -> matches(p.getSpec().getPodSelector(), w.podLabels()))
              .flatMap(p -> nullSafe(p.getSpec().getIngress()).stream())
              .toList();
      boolean external = rules.stream().anyMatch(ManifestRules::admitsOutside);
      if (external && !context.publicWorkloads().contains(name)) {
        violations.add(w.id() + ": reachable from outside the namespace");
      }
      if (!external && context.publicWorkloads().contains(name)) {
        violations.add(w.id() + ": should be reachable from outside, no policy admits it");
      }
      for (Service s : services) {
        Map<String, String> selector = s.getSpec().getSelector();
        if (selector == null || !w.podLabels().entrySet().containsAll(selector.entrySet())) {
          continue;
        }
        for (ServicePort port : nullSafe(s.getSpec().getPorts())) {
          int number = containerPortNumber(w, port);
          boolean admitted =
              rules.stream()
                  .anyMatch(
                      r ->
                          nullSafe(r.getPorts()).isEmpty()
                              || nullSafe(r.getPorts()).stream()
                                  .anyMatch(p -> admitsPort(p, number)));
          if (!admitted) {
            violations.add(
                w.id()
                    + ": no NetworkPolicy admits traffic to Service/"
                    + name(s)
                    + " port "
                    + number);
          }
        }
      }
    }
  }

  private static boolean admitsOutside(NetworkPolicyIngressRule rule) {
    List<NetworkPolicyPeer> from = nullSafe(rule.getFrom());
    return from.isEmpty()
        || from.stream()
            .anyMatch(peer -> peer.getIpBlock() != null || peer.getNamespaceSelector() != null);
  }

  private static boolean admitsPort(NetworkPolicyPort p, int number) {
    return p.getPort() == null
        || (p.getPort().getIntVal() != null && p.getPort().getIntVal() == number);
  }

  private static int containerPortNumber(Workload w, ServicePort port) {
    IntOrString target = port.getTargetPort();
    if (target == null || target.getIntVal() != null) {
      return target == null ? port.getPort() : target.getIntVal();
    }
    return nullSafe(w.pod().getContainers()).stream()
        .flatMap(c -> nullSafe(c.getPorts()).stream())
        .filter(p -> target.getStrVal().equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElse(-1);
  }

  private static LabelSelector selectorOf(HasMetadata owner) {
    if (owner instanceof Deployment d) {
      return d.getSpec().getSelector();
    } else if (owner instanceof StatefulSet s) {
      return s.getSpec().getSelector();
    } else if (owner instanceof DaemonSet ds) {
      return ds.getSpec().getSelector();
    }
    return null;
  }

  private static boolean isEmpty(LabelSelector selector) {
    return selector == null
        || (nullSafe(selector.getMatchExpressions()).isEmpty()
            && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()));
  }

  /** Kubernetes label-selector semantics (an empty selector matches everything). */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    if (selector.getMatchLabels() != null
        && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
      return false;
    }
    for (LabelSelectorRequirement r : nullSafe(selector.getMatchExpressions())) {
      String value = labels.get(r.getKey());
      boolean ok =
          switch (r.getOperator()) {
            case "In" -> value != null && r.getValues().contains(value);
            case "NotIn" -> value == null || !r.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new IllegalArgumentException("operator " + r.getOperator());
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** An enum value as Spring's relaxed binding compares it: case and '-' versus '_' ignored. */
  static String enumForm(String value) {
    return value.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private static String name(HasMetadata r) {
    return r.getMetadata().getName();
  }

  private static String namespace(HasMetadata r) {
    return r.getMetadata().getNamespace();
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }
}
