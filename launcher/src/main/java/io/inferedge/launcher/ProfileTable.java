package io.inferedge.launcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the profiler's measured replies into the trade-off table: the policy emulator's profile
 * format ({@code docs/profile-format.md}) with the extra per-configuration columns the profiler
 * adds (every latency component's quantiles, frames, accuracy, emulated energy per device and
 * link). Pure functions of their inputs, so the arithmetic is unit-tested without a running tier.
 */
final class ProfileTable {

  static final String CALM = "calm";
  static final String BUSY = "busy";

  private ProfileTable() {}

  /**
   * @param host the profiling host's description
   * @param manifests each profiled model's {@code manifest.json}, by name, in profile order
   * @param runs one per configuration, with the replies of its measured frames (each reply is the
   *     device tier's JSON answer plus the frame's {@code regime})
   * @param tiers {@code infer-edge.inference} of {@code tier-profiles.yml}: {@code device-profiles}
   *     and {@code link-profiles}
   */
  static ObjectNode build(
      String host,
      int frames,
      int warmUp,
      Map<String, JsonNode> manifests,
      List<Profiler.Run> runs,
      Map<String, Object> tiers) {
    List<Device> devices = devices(tiers);
    List<Link> links = links(tiers);
    ObjectNode table = Profiler.object();
    table.put("formatVersion", 1);
    table.put("name", "measured");
    table.put(
        "description",
        "Measured by the profiler (bin/infer-edge-profile) through the real serving path: a"
            + " device-role and a server-role inference-service on this host over loopback (device"
            + " profile host, link profile none, so nothing is slept), DJL TensorFlow engine, one"
            + " frame at a time. MEASURED: every latency (wall time, "
            + warmUp
            + " warm-up then "
            + frames
            + " frames per configuration, each configuration on its own stretch of the seeded"
            + " video source), bytes sent, accuracy against ground truth per resolution and"
            + " regime. EMULATED: devices other than the host (compute = host time x slowdown),"
            + " all power figures and energy (tier-profiles.yml), link bandwidth and RTT. The"
            + " emulator adds link transfer and server queueing itself; transferMicros and"
            + " serverQueueMicros here are the loopback overhead and the single-stream queue.");
    table.put("host", host);
    table.put("framesPerSecond", 15.0);
    ArrayNode resolutions = table.putArray("resolutions");
    Profiler.RESOLUTIONS.forEach(resolutions::add);
    ArrayNode models = table.putArray("models");
    manifests.forEach(
        (name, manifest) ->
            models.add(
                model(
                    name,
                    manifest,
                    runs.stream().filter(r -> r.model().equals(name)).toList(),
                    devices,
                    links)));
    ArrayNode deviceArray = table.putArray("devices");
    for (Device d : devices) {
      ObjectNode node = deviceArray.addObject();
      node.put("name", d.name());
      node.put("source", "emulated");
      node.put("slowdown", d.slowdown());
      node.put("idleWatts", d.idleWatts());
      node.put("activeWatts", d.activeWatts());
      node.put("radioTransmitWatts", d.radioWatts());
      node.put(
          "note",
          "inference-service tier-profiles.yml (the sources are cited there); the radio draws the"
              + " wifi-20 transmit power, links[].transmitWatts has each link's");
    }
    ArrayNode linkArray = table.putArray("links");
    for (Link l : links) {
      ObjectNode node = linkArray.addObject();
      node.put("name", l.name());
      node.put("source", "emulated");
      node.put("bandwidthMbps", l.bandwidthMbps());
      node.put("rttMs", l.rttMs());
      node.put("transmitWatts", l.transmitWatts());
      node.put("note", "inference-service tier-profiles.yml");
    }
    return table;
  }

  private static ObjectNode model(
      String name,
      JsonNode manifest,
      List<Profiler.Run> runs,
      List<Device> devices,
      List<Link> links) {
    ObjectNode node = Profiler.object();
    node.put("name", name);
    node.put("source", "measured");
    int blocks = manifest.path("blocks").asInt();
    node.put("blocks", blocks);
    node.set("channels", manifest.path("channels"));
    node.put("parameters", manifest.path("parameters").asLong());
    ObjectNode macs = node.putObject("macs");
    manifest
        .path("flops")
        .properties()
        .forEach(e -> macs.put(e.getKey(), e.getValue().asLong() / 2));

    // A processed frame's accuracy does not depend on the cut (fp32 splits compute the same
    // function), so every configuration at a resolution contributes to that resolution's figure.
    // Nor does it depend on the content regime: the video source's regimes change only how often
    // the scene cuts, which matters for labels reused across skipped frames (the emulator models
    // that from the scene-cut rate), not for a frame that is processed. The figure is therefore
    // measured once per resolution on independent frames and stated for both regimes.
    ObjectNode counts = node.putObject("accuracyFrames");
    ObjectNode perResolution = Profiler.object();
    for (int resolution : Profiler.RESOLUTIONS) {
      List<JsonNode> atResolution =
          runs.stream()
              .filter(r -> r.resolution() == resolution)
              .flatMap(r -> r.replies().stream())
              .toList();
      perResolution.put(Integer.toString(resolution), round4(accuracy(atResolution)));
      counts.put(Integer.toString(resolution), atResolution.size());
    }
    ObjectNode accuracy = node.putObject("accuracy");
    accuracy.set(BUSY, perResolution);
    accuracy.set(CALM, perResolution.deepCopy());
    node.put("accuracySource", "measured");
    node.put(
        "accuracyNote",
        "measured through the serving path against the ground truth of independent frames (one new"
            + " item of the shipped Fashion-MNIST test subset per frame), all cuts of a resolution"
            + " pooled (accuracyFrames per resolution); the same under both regimes, which change"
            + " only the scene-cut rate");
    ArrayNode configurations = node.putArray("configurations");
    for (Profiler.Run run : runs) {
      configurations.add(configuration(run, devices, links));
    }
    return node;
  }

  private static ObjectNode configuration(
      Profiler.Run run, List<Device> devices, List<Link> links) {
    List<JsonNode> replies = run.replies();
    ObjectNode node = Profiler.object();
    node.put("cut", run.cut());
    node.put("resolution", run.resolution());
    long bytes = replies.isEmpty() ? 0 : replies.get(0).path("bytesSent").asLong();
    node.put("bytesSent", bytes);
    double[] device =
        replies.stream()
            .mapToDouble(
                r -> component(r, "preprocessMicros") + component(r, "deviceComputeMicros"))
            .toArray();
    double[] server =
        run.cut() == run.blocks()
            ? new double[] {0}
            : replies.stream().mapToDouble(r -> component(r, "serverComputeMicros")).toArray();
    ObjectNode deviceMicros = quantiles(node.putObject("deviceMicros"), device);
    quantiles(node.putObject("serverMicros"), server);
    node.put("latencySource", "measured");
    node.put("frames", replies.size());
    node.put("accuracy", round4(accuracy(replies)));
    ObjectNode components = node.putObject("components");
    for (String name : Profiler.COMPONENTS) {
      quantiles(
          components.putObject(name),
          replies.stream().mapToDouble(r -> component(r, name)).toArray());
    }
    ObjectNode energy = node.putObject("deviceEnergyMillijoules");
    double hostMicros = deviceMicros.path("p50").asDouble();
    for (Device d : devices) {
      ObjectNode perLink = energy.putObject(d.name());
      for (Link l : links) {
        perLink.put(l.name(), round4(energyMillijoules(hostMicros, bytes, d, l)));
      }
    }
    return node;
  }

  /**
   * Emulated device energy of one frame: compute (active power x the host's median device time x
   * the device's slowdown) plus radio (the link's transmit power x the transfer time of the bytes
   * at the link's bandwidth). W x ms = mJ.
   */
  static double energyMillijoules(double hostDeviceMicros, long bytes, Device device, Link link) {
    double computeMillis = hostDeviceMicros * device.slowdown() / 1_000;
    double transmitMillis = bytes * 8 / (link.bandwidthMbps() * 1_000);
    return device.activeWatts() * computeMillis + link.transmitWatts() * transmitMillis;
  }

  private static double component(JsonNode reply, String name) {
    JsonNode value = reply.path("latency").path(name);
    return value.isNumber() ? value.asDouble() : 0;
  }

  static double accuracy(List<JsonNode> replies) {
    if (replies.isEmpty()) {
      return 0;
    }
    long correct = replies.stream().filter(r -> r.path("correct").asBoolean(false)).count();
    return (double) correct / replies.size();
  }

  /** p10, p50, p90 (the emulator's) and p95 (the issue's) by nearest rank. */
  static ObjectNode quantiles(ObjectNode into, double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    into.put("p10", round1(rank(sorted, 0.10)));
    into.put("p50", round1(rank(sorted, 0.50)));
    into.put("p90", round1(rank(sorted, 0.90)));
    into.put("p95", round1(rank(sorted, 0.95)));
    return into;
  }

  static double rank(double[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** A device profile of tier-profiles.yml, in watts. */
  record Device(
      String name, double slowdown, double idleWatts, double activeWatts, double radioWatts) {}

  /** An emulated link profile of tier-profiles.yml. */
  record Link(String name, double bandwidthMbps, double rttMs, double transmitWatts) {}

  @SuppressWarnings("unchecked")
  static List<Device> devices(Map<String, Object> tiers) {
    Map<String, Map<String, Object>> profiles =
        new TreeMap<>((Map<String, Map<String, Object>>) tiers.get("device-profiles"));
    double radio =
        linkMap(tiers).get("wifi-20").get("transmit-milliwatts") instanceof Number n
            ? n.doubleValue() / 1_000
            : 1.0;
    List<Device> devices = new ArrayList<>();
    // host first: the emulator's default device
    profiles.entrySet().stream()
        .sorted((a, b) -> a.getKey().equals("host") ? -1 : b.getKey().equals("host") ? 1 : 0)
        .forEach(
            e ->
                devices.add(
                    new Device(
                        e.getKey(),
                        number(e.getValue(), "slowdown", 1),
                        number(e.getValue(), "idle-milliwatts", 0) / 1_000,
                        number(e.getValue(), "active-milliwatts", 0) / 1_000,
                        radio)));
    return devices;
  }

  static List<Link> links(Map<String, Object> tiers) {
    List<Link> links = new ArrayList<>();
    new TreeMap<>(linkMap(tiers))
        .forEach(
            (name, link) -> {
              if (Boolean.FALSE.equals(link.get("emulated"))) {
                return; // a real link is measured, not a profile
              }
              links.add(
                  new Link(
                      name,
                      number(link, "bandwidth-mbps", 1),
                      number(link, "rtt-millis", 0),
                      number(link, "transmit-milliwatts", 0) / 1_000));
            });
    return links;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> linkMap(Map<String, Object> tiers) {
    return (Map<String, Map<String, Object>>) tiers.get("link-profiles");
  }

  private static double number(Map<String, Object> map, String key, double fallback) {
    return map.get(key) instanceof Number n ? n.doubleValue() : fallback;
  }

  /** The table as CSV, one row per configuration. */
  static String csv(ObjectNode table) {
    List<String> devices = new ArrayList<>();
    table.path("devices").forEach(d -> devices.add(d.path("name").asString()));
    String link = "wifi-20";
    StringBuilder out = new StringBuilder("model,cut,resolution,bytes_sent,frames,accuracy");
    for (String c : Profiler.COMPONENTS) {
      String column = c.replace("Micros", "").replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
      out.append(',').append(column).append("_p50_us,").append(column).append("_p95_us");
    }
    devices.forEach(d -> out.append(",energy_mj_").append(d).append('_').append(link));
    out.append('\n');
    for (JsonNode model : table.path("models")) {
      for (JsonNode c : model.path("configurations")) {
        out.append(model.path("name").asString())
            .append(',')
            .append(c.path("cut").asInt())
            .append(',')
            .append(c.path("resolution").asInt())
            .append(',')
            .append(c.path("bytesSent").asLong())
            .append(',')
            .append(c.path("frames").asInt())
            .append(',')
            .append(c.path("accuracy").asDouble());
        for (String name : Profiler.COMPONENTS) {
          JsonNode q = c.path("components").path(name);
          out.append(',')
              .append(q.path("p50").asDouble())
              .append(',')
              .append(q.path("p95").asDouble());
        }
        for (String d : devices) {
          out.append(',').append(c.path("deviceEnergyMillijoules").path(d).path(link).asDouble());
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static double round1(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static double round4(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
