package io.inferedge.policy.evaluation;

import io.inferedge.policy.environment.Emulator;
import io.inferedge.policy.environment.PlanTable;
import io.inferedge.policy.environment.WindowModel;

/**
 * Neurosurgeon-style partitioning (Kang et al., ASPLOS 2017): for the most accurate model at its
 * best resolution, the cut with the lowest predicted latency given the current bandwidth, RTT and
 * server load estimates; every frame processed. Predicted latency of cut {@code c}: mean device
 * time + (if it offloads) transfer at the estimated bandwidth + estimated RTT + M/M/1 mean wait at
 * the estimated load + mean server time, from the same profile the emulator uses. Stateless.
 */
final class NeurosurgeonPolicy implements Policy {

  @Override
  public String name() {
    return "neurosurgeon";
  }

  @Override
  public void act(Emulator emulator, float[] state, int[] action) {
    PlanTable t = emulator.table();
    int best = t.mostAccurate();
    int model = t.modelOf(best);
    int resolution = t.resolutionOf(best);
    double fps = emulator.config().profile().framesPerSecond();
    double bandwidth = emulator.bandwidthEstimate();
    double rtt = emulator.rttEstimate();
    double chosenLatency = Double.POSITIVE_INFINITY;
    int chosenCut = t.blocks(model);
    for (int c = 0; c <= t.blocks(model); c++) {
      if (!t.exists(model, c, resolution)) {
        continue;
      }
      int k = t.index(model, c, resolution);
      double latency = t.deviceMeanMs(k);
      if (t.offloads(k)) {
        double rho =
            Math.min(
                WindowModel.MAX_LOAD, emulator.observedLoad() + fps * t.serverMeanMs(k) / 1000);
        double wait = rho / (1 - rho) * emulator.config().meanServiceMs();
        latency += t.bytes(k) * 8 / (bandwidth * 1000) + rtt + wait + t.serverMeanMs(k);
      }
      if (latency < chosenLatency) {
        chosenLatency = latency;
        chosenCut = c;
      }
    }
    action[0] = model;
    action[1] = chosenCut;
    action[2] = resolution;
    action[3] = 0;
  }
}
