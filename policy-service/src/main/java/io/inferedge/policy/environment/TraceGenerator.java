package io.inferedge.policy.environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes the synthetic variable link traces shipped in {@code src/main/resources/traces}: emulated
 * links (no real capture is available offline here), each a Markov chain over link states with a
 * log-normal bandwidth and an RTT per state, smoothed second by second. Families:
 *
 * <ul>
 *   <li>{@code wifi-walk}: a Wi-Fi client walking about: good (about 18 Mbit/s, 10 ms), far (about
 *       3 Mbit/s, 50 ms), edge of coverage (about 0.8 Mbit/s, 180 ms).
 *   <li>{@code lte-drive}: LTE in a car: good (12 Mbit/s, 55 ms), fair (4 Mbit/s, 90 ms), poor (1
 *       Mbit/s, 250 ms, handover spikes).
 *   <li>{@code congested}: a shared Wi-Fi cell with busy periods (15 vs 2 Mbit/s, 15 vs 150 ms).
 *   <li>{@code mixed}: Wi-Fi and LTE segments alternating (evaluation only, a family the policy
 *       never trains on).
 * </ul>
 *
 * <p>Training and evaluation sets use different seeds, so the files are disjoint. Regenerate with
 * {@code java -cp policy-service/target/classes io.inferedge.policy.environment.TraceGenerator
 * policy-service/src/main/resources/traces}. A command; not thread-safe.
 */
public final class TraceGenerator {

  /** One link state: median bandwidth, its log-spread, RTT median, mean dwell time. */
  private record State(double mbps, double spread, double rttMs, double dwellSeconds) {}

  private static final List<State> WIFI_WALK =
      List.of(
          new State(18, 0.20, 10, 60), new State(3, 0.45, 50, 30), new State(0.8, 0.5, 180, 15));
  private static final List<State> LTE_DRIVE =
      List.of(new State(12, 0.3, 55, 45), new State(4, 0.4, 90, 30), new State(1, 0.5, 250, 15));
  private static final List<State> CONGESTED =
      List.of(new State(15, 0.2, 15, 40), new State(2, 0.5, 150, 25));

  private TraceGenerator() {}

  public static void main(String[] args) {
    Path root = Path.of(args.length > 0 ? args[0] : "policy-service/src/main/resources/traces");
    int seconds = 900;
    write(root.resolve("training"), "wifi-walk-1", WIFI_WALK, 101, seconds);
    write(root.resolve("training"), "wifi-walk-2", WIFI_WALK, 102, seconds);
    write(root.resolve("training"), "lte-drive-1", LTE_DRIVE, 103, seconds);
    write(root.resolve("training"), "lte-drive-2", LTE_DRIVE, 104, seconds);
    write(root.resolve("training"), "congested-1", CONGESTED, 105, seconds);
    write(root.resolve("training"), "congested-2", CONGESTED, 106, seconds);
    write(root.resolve("evaluation"), "wifi-walk-3", WIFI_WALK, 201, seconds);
    write(root.resolve("evaluation"), "lte-drive-3", LTE_DRIVE, 202, seconds);
    write(root.resolve("evaluation"), "congested-3", CONGESTED, 203, seconds);
    writeMixed(root.resolve("evaluation"), "mixed-1", 204, seconds);
    index(root.resolve("training"));
    index(root.resolve("evaluation"));
  }

  static List<String> generate(List<State> states, long seed, int seconds) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> rows = new ArrayList<>();
    int state = 0;
    double logBw = Math.log(states.get(0).mbps());
    double logRtt = Math.log(states.get(0).rttMs());
    for (int t = 0; t < seconds; t++) {
      State s = states.get(state);
      logBw = 0.7 * logBw + 0.3 * (Math.log(s.mbps()) + s.spread() * random.nextGaussian());
      logRtt = 0.7 * logRtt + 0.3 * (Math.log(s.rttMs()) + 0.25 * random.nextGaussian());
      double rtt = Math.exp(logRtt);
      if (s.rttMs() >= 200 && random.nextDouble() < 0.05) {
        rtt *= 2.5; // a handover
      }
      rows.add(
          String.format(
              Locale.ROOT, "%d,%.3f,%.1f", t, Math.max(0.1, Math.exp(logBw)), Math.max(2, rtt)));
      if (random.nextDouble() < 1.0 / s.dwellSeconds()) {
        int next = random.nextInt(states.size() - 1);
        state = next >= state ? next + 1 : next;
      }
    }
    return rows;
  }

  private static void write(Path dir, String name, List<State> states, long seed, int seconds) {
    save(dir, name, generate(states, seed, seconds));
  }

  private static void writeMixed(Path dir, String name, long seed, int seconds) {
    List<String> wifi = generate(WIFI_WALK, seed, seconds);
    List<String> lte = generate(LTE_DRIVE, seed + 1, seconds);
    List<String> rows = new ArrayList<>();
    for (int t = 0; t < seconds; t++) {
      // Alternate every 120 s; keep the time column continuous.
      String row = ((t / 120) % 2 == 0 ? wifi : lte).get(t);
      rows.add(t + row.substring(row.indexOf(',')));
    }
    save(dir, name, rows);
  }

  private static void save(Path dir, String name, List<String> rows) {
    try {
      Files.createDirectories(dir);
      List<String> lines = new ArrayList<>();
      lines.add(LinkTrace.HEADER);
      lines.addAll(rows);
      Files.write(dir.resolve(name + ".csv"), lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void index(Path dir) {
    try (var files = Files.list(dir)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".csv"))
              .sorted()
              .toList();
      Files.write(dir.resolve("index.txt"), names);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
