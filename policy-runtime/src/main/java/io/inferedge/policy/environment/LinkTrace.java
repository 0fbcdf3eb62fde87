package io.inferedge.policy.environment;

import io.inferedge.policy.profile.LinkProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A link over time, replayed from a CSV with the header {@code t_seconds,bandwidth_mbps,rtt_ms}:
 * each row holds from its time until the next row's; after the last row the trace loops, with a
 * period of the last row's time plus the median row spacing. Thread-safe as long as nobody writes
 * into the arrays it exposes (nothing here does; treat them as read-only).
 *
 * @param name the file name without {@code .csv}, or the link profile's name
 * @param seconds row start times, strictly increasing, the first 0
 * @param bandwidthMbps uplink bandwidth per row, {@code > 0}
 * @param rttMs round-trip time per row, {@code > 0}
 * @param period length of one loop, seconds
 */
public record LinkTrace(
    String name, double[] seconds, double[] bandwidthMbps, double[] rttMs, double period) {

  /** The CSV header every trace file starts with. */
  public static final String HEADER = "t_seconds,bandwidth_mbps,rtt_ms";

  public LinkTrace {
    if (seconds.length == 0
        || seconds.length != bandwidthMbps.length
        || seconds.length != rttMs.length) {
      throw new IllegalArgumentException(
          "seconds, bandwidthMbps and rttMs must be non-empty and of equal length in " + name);
    }
    if (seconds[0] != 0) {
      throw new IllegalArgumentException(
          "t_seconds must start at 0 in " + name + ", was " + seconds[0]);
    }
    for (int i = 0; i < seconds.length; i++) {
      if (i > 0 && !(seconds[i] > seconds[i - 1])) {
        throw new IllegalArgumentException(
            "t_seconds must increase in " + name + ", row " + (i + 2) + " has " + seconds[i]);
      }
      if (!(bandwidthMbps[i] > 0) || !Double.isFinite(bandwidthMbps[i])) {
        throw new IllegalArgumentException(
            "bandwidth_mbps must be > 0 in "
                + name
                + ", row "
                + (i + 2)
                + " has "
                + bandwidthMbps[i]);
      }
      if (!(rttMs[i] > 0) || !Double.isFinite(rttMs[i])) {
        throw new IllegalArgumentException(
            "rtt_ms must be > 0 in " + name + ", row " + (i + 2) + " has " + rttMs[i]);
      }
    }
    if (!(period > seconds[seconds.length - 1])) {
      throw new IllegalArgumentException("period must exceed the last row's time in " + name);
    }
  }

  /** A constant link, e.g. the built-in {@code wifi-20} and {@code lte-8}. */
  public static LinkTrace constant(LinkProfile link) {
    return new LinkTrace(
        link.name(),
        new double[] {0},
        new double[] {link.bandwidthMbps()},
        new double[] {link.rttMs()},
        1.0);
  }

  /** Reads a trace CSV. */
  public static LinkTrace read(String name, InputStream csv) {
    List<double[]> rows = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
      String header = in.readLine();
      if (header == null || !header.trim().equals(HEADER)) {
        throw new IllegalArgumentException(
            "trace " + name + " must start with the header " + HEADER + ", was " + header);
      }
      String line;
      int row = 1;
      while ((line = in.readLine()) != null) {
        row++;
        if (line.isBlank()) {
          continue;
        }
        String[] parts = line.split(",");
        if (parts.length != 3) {
          throw new IllegalArgumentException(
              "trace " + name + " row " + row + " must have 3 columns, has " + parts.length);
        }
        try {
          rows.add(
              new double[] {
                Double.parseDouble(parts[0].trim()),
                Double.parseDouble(parts[1].trim()),
                Double.parseDouble(parts[2].trim())
              });
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "trace " + name + " row " + row + " is not numeric: " + line, e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + name, e);
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
    double spacing = 1.0;
    if (n > 1) {
      double[] gaps = new double[n - 1];
      for (int i = 1; i < n; i++) {
        gaps[i - 1] = t[i] - t[i - 1];
      }
      java.util.Arrays.sort(gaps);
      spacing = gaps[gaps.length / 2];
    }
    return new LinkTrace(name, t, bw, rtt, (n == 0 ? 0 : t[n - 1]) + spacing);
  }

  /** Reads every {@code *.csv} in a directory, by file name. */
  public static List<LinkTrace> readDirectory(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      List<LinkTrace> traces = new ArrayList<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(f)) {
          String file = f.getFileName().toString();
          traces.add(read(file.substring(0, file.length() - 4), in));
        }
      }
      if (traces.isEmpty()) {
        throw new IllegalArgumentException("traces: no *.csv file in " + directory);
      }
      return List.copyOf(traces);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read traces in " + directory, e);
    }
  }

  /**
   * The traces of a classpath set ({@code training} or {@code evaluation}): {@code
   * /traces/<set>/index.txt} lists the file names.
   */
  public static List<LinkTrace> readClasspath(String set) {
    String base = "/traces/" + set + "/";
    try (InputStream index = LinkTrace.class.getResourceAsStream(base + "index.txt")) {
      if (index == null) {
        throw new IllegalArgumentException("no trace set '" + set + "' on the classpath");
      }
      List<LinkTrace> traces = new ArrayList<>();
      for (String file : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
        if (file.isBlank()) {
          continue;
        }
        try (InputStream in = LinkTrace.class.getResourceAsStream(base + file.trim())) {
          if (in == null) {
            throw new IllegalArgumentException("trace " + base + file + " is listed but missing");
          }
          traces.add(read(file.trim().replace(".csv", ""), in));
        }
      }
      return List.copyOf(traces);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Index of the row in force at {@code time} seconds since the start (the trace loops). */
  public int rowAt(double time) {
    double t = time % period;
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
    return lo;
  }

  public double bandwidthAt(double time) {
    return bandwidthMbps[rowAt(time)];
  }

  public double rttAt(double time) {
    return rttMs[rowAt(time)];
  }

  /** Time-weighted mean bandwidth over one loop. */
  public double meanBandwidthMbps() {
    double sum = 0;
    for (int i = 0; i < seconds.length; i++) {
      double end = i + 1 < seconds.length ? seconds[i + 1] : period;
      sum += bandwidthMbps[i] * (end - seconds[i]);
    }
    return sum / period;
  }
}
