package io.inferedge.gateway.dashboard;

import io.inferedge.contracts.Plan;
import io.inferedge.policy.environment.PlanTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trade-off view: every configuration (model, cut, resolution) of the measured profile on the
 * gateway's device class, with its expected latency, accuracy and device energy per frame over a
 * given link, and how often the policy chose it. Expected values as the emulator computes them from
 * the profile: device compute (host time x slowdown), plus, for a split plan, the transfer ({@code
 * bytes x 8 / bandwidth}), one RTT and the server's compute; energy is device compute x active
 * power plus transfer x radio power (W x ms = mJ); accuracy is the mean of the calm and busy
 * accuracies. Frame skip is left out (it divides time and energy by the skip factor and changes no
 * point's place relative to the others).
 *
 * <p>Immutable, thread-safe.
 */
final class TradeOffs {

  /**
   * One configuration.
   *
   * @param configId {@code model/c<cut>/r<resolution>}
   * @param chosen how many of the given decisions chose it (any skip)
   */
  record Point(
      String configId,
      String model,
      int cut,
      int resolution,
      boolean split,
      double latencyMs,
      double accuracy,
      double energyMillijoules,
      int chosen) {}

  private final PlanTable table;

  TradeOffs(PlanTable table) {
    this.table = table;
  }

  /**
   * @param bandwidthMbps the link's bandwidth (e.g. the stream's current estimate)
   * @param rttMs the link's round trip
   * @param chosenConfigIds the decisions' config ids ({@code model/c<cut>/r<res>/s<skip>[/q8]})
   */
  List<Point> points(double bandwidthMbps, double rttMs, Collection<String> chosenConfigIds) {
    Map<String, Integer> chosen = new HashMap<>();
    for (String id : chosenConfigIds) {
      Plan plan = Plan.parse(id);
      chosen.merge(
          key(plan.modelVersion(), plan.cutPoint(), plan.inputResolution()), 1, Integer::sum);
    }
    double activeWatts = table.device().activeWatts();
    double radioWatts = table.device().radioTransmitWatts();
    List<Point> points = new ArrayList<>();
    for (int k : table.configurations()) {
      String model = table.profile().models().get(table.modelOf(k)).name();
      int cut = table.cutOf(k);
      int resolution = table.resolutionValue(table.resolutionOf(k));
      double device = table.deviceMeanMs(k);
      boolean split = table.offloads(k);
      double transfer = split ? table.bytes(k) * 8.0 / (bandwidthMbps * 1000.0) : 0;
      double latency = device + (split ? transfer + rttMs + table.serverMeanMs(k) : 0);
      double accuracy = (table.accuracy(k, false) + table.accuracy(k, true)) / 2;
      double energy = activeWatts * device + radioWatts * transfer;
      String key = key(model, cut, resolution);
      points.add(
          new Point(
              key,
              model,
              cut,
              resolution,
              split,
              latency,
              accuracy,
              energy,
              chosen.getOrDefault(key, 0)));
    }
    return points;
  }

  private static String key(String model, int cut, int resolution) {
    return model + "/c" + cut + "/r" + resolution;
  }
}
