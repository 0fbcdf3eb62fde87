package io.inferedge.inference.link;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An emulated link over time (DESIGN section 5), replayed from a CSV with the header {@code
 * t_seconds,bandwidth_mbps,rtt_ms}: each row holds from its time until the next row's; after the
 * last row the trace loops, with a period of the last row's time plus the median row spacing (one
 * second for a single row), the rule policy-service's training traces follow.
 *
 * <p>Immutable and thread-safe: the arrays are private copies and never written after construction.
 */
public final class LinkTrace {

  /** The CSV header every trace starts with. */
  public static final String HEADER = "t_seconds,bandwidth_mbps,rtt_ms";

  private static final String CLASSPATH = "classpath:";

  private final String location;
  private final double[] seconds;
  private final double[] bandwidthMbps;
  private final double[] rttMillis;
  private final double period;

  private LinkTrace(String location, double[] seconds, double[] bandwidth, double[] rtt) {
    this.location = location;
    this.seconds = seconds;
    this.bandwidthMbps = bandwidth;
    this.rttMillis = rtt;
    int n = seconds.length;
    double spacing = 1.0;
    if (n > 1) {
      double[] gaps = new double[n - 1];
      for (int i = 1; i < n; i++) {
        gaps[i - 1] = seconds[i] - seconds[i - 1];
      }
      Arrays.sort(gaps);
      spacing = gaps[gaps.length / 2];
    }
    this.period = seconds[n - 1] + spacing;
  }

  /**
   * Loads a trace from {@code classpath:<resource>} or a file path.
   *
   * @throws IllegalArgumentException when the location does not exist or the CSV is malformed; the
   *     message names the location and, for a bad row, its line number
   */
  public static LinkTrace load(String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("a link trace location must not be blank");
    }
    try (InputStream in = open(location)) {
      return parse(location, in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read link trace " + location, e);
    }
  }

  private static InputStream open(String location) throws IOException {
    if (location.startsWith(CLASSPATH)) {
      String resource = location.substring(CLASSPATH.length()).replaceFirst("^/+", "");
      InputStream in = LinkTrace.class.getClassLoader().getResourceAsStream(resource);
      if (in == null) {
        throw new IllegalArgumentException("link trace " + location + " is not on the classpath");
      }
      return in;
    }
    Path file = Path.of(location);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("link trace " + location + " is not a readable file");
    }
    return Files.newInputStream(file);
  }

  /**
   * Parses a trace CSV.
   *
   * @param location where it came from, for error messages
   * @throws IllegalArgumentException naming the location and line of the first malformed line
   */
  public static LinkTrace parse(String location, InputStream csv) throws IOException {
    List<double[]> rows = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8));
    String header = reader.readLine();
    if (header == null || !header.strip().equals(HEADER)) {
      throw malformed(location, 1, "must be the header " + HEADER + ", was '" + header + "'");
    }
    int line = 1;
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      line++;
      if (text.isBlank() || text.strip().startsWith("#")) {
        continue;
      }
      String[] cells = text.split(",", -1);
      if (cells.length != 3) {
        throw malformed(location, line, "must have 3 columns, has " + cells.length);
      }
      double[] row = new double[3];
      for (int c = 0; c < 3; c++) {
        try {
          row[c] = Double.parseDouble(cells[c].strip());
        } catch (NumberFormatException e) {
          throw malformed(location, line, "is not numeric: '" + text + "'");
        }
        if (!Double.isFinite(row[c])) {
          throw malformed(location, line, "must hold finite numbers: '" + text + "'");
        }
      }
      if (rows.isEmpty() && row[0] != 0) {
        throw malformed(location, line, "the first row must start at t_seconds 0, was " + row[0]);
      }
      if (!rows.isEmpty() && !(row[0] > rows.get(rows.size() - 1)[0])) {
        throw malformed(location, line, "t_seconds must increase, was " + row[0]);
      }
      if (!(row[1] > 0)) {
        throw malformed(location, line, "bandwidth_mbps must be > 0, was " + row[1]);
      }
      if (!(row[2] >= 0)) {
        throw malformed(location, line, "rtt_ms must be >= 0, was " + row[2]);
      }
      rows.add(row);
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("link trace " + location + " has no rows");
    }
    int n = rows.size();
    double[] t = new double[n];
    double[] bw = new double[n];
    double[] rtt = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = rows.get(i)[0];
      bw[i] = rows.get(i)[1];
      rtt[i] = rows.get(i)[2];
    }
    return new LinkTrace(location, t, bw, rtt);
  }

  private static IllegalArgumentException malformed(String location, int line, String what) {
    return new IllegalArgumentException("link trace " + location + " line " + line + ": " + what);
  }

  /** Where the trace was read from. */
  public String location() {
    return location;
  }

  /** The length of one loop in seconds. */
  public double periodSeconds() {
    return period;
  }

  /** The row in force {@code elapsedSeconds} after the replay started (the trace loops). */
  public Conditions at(double elapsedSeconds) {
    double t = elapsedSeconds % period;
    if (t < 0) {
      t += period;
    }
    int lo = 0;
    int hi = seconds.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (seconds[mid] <= t) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return new Conditions(bandwidthMbps[lo], rttMillis[lo]);
  }

  /**
   * The link at one moment.
   *
   * @param bandwidthMbps uplink bandwidth, Mbit/s
   * @param rttMillis round-trip time, milliseconds
   */
  public record Conditions(double bandwidthMbps, double rttMillis) {}
}
