package io.inferedge.benchmarks;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the load runs ({@link InferenceServingBenchmark}, {@link DecisionHttpBenchmark}) share:
 * closed-loop phases of N threads for a fixed time with every call timed by {@link
 * System#nanoTime()}, percentiles, a keep-alive HTTP/1.1 POST on loopback, and the machine
 * description printed with the results. Stateless; each phase's threads keep their own samples.
 */
final class LoadRun {

  private LoadRun() {}

  /** One timed call of a phase; {@code thread} is the caller's index, {@code seq} its counter. */
  @FunctionalInterface
  interface Call {
    void call(int thread, long seq) throws Exception;
  }

  /**
   * What one phase measured.
   *
   * @param calls calls completed by all threads
   * @param elapsedNanos from the common start until the last thread stopped
   * @param latencies every call's wall time in nanoseconds, unsorted
   */
  record Phase(long calls, long elapsedNanos, long[] latencies) {

    /** A phase to run later. */
    @FunctionalInterface
    interface Runner {
      Phase run() throws InterruptedException;
    }

    double perSecond() {
      return calls * 1e9 / elapsedNanos;
    }
  }

  /**
   * Runs {@code call} on {@code threads} threads in a closed loop (each thread calls again as soon
   * as its call returns) for {@code seconds}.
   *
   * @throws IllegalStateException with the first failure of any thread
   */
  static Phase phase(int threads, double seconds, Call call) throws InterruptedException {
    long durationNanos = (long) (seconds * 1e9);
    CountDownLatch start = new CountDownLatch(1);
    long[][] samples = new long[threads][];
    int[] counts = new int[threads];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] startedAt = new long[1];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker =
          new Thread(
              () -> {
                long[] mine = new long[4096];
                int n = 0;
                try {
                  start.await();
                  long deadline = startedAt[0] + durationNanos;
                  long seq = 0;
                  long now = System.nanoTime();
                  while (now < deadline && failure.get() == null) {
                    call.call(thread, seq++);
                    long end = System.nanoTime();
                    if (n == mine.length) {
                      mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = end - now;
                    now = end;
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                } finally {
                  LoopbackHttp.closeThreadConnection();
                }
                samples[thread] = mine;
                counts[thread] = n;
              },
              "load-" + t);
      workers.add(worker);
      worker.start();
    }
    startedAt[0] = System.nanoTime();
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    long elapsed = System.nanoTime() - startedAt[0];
    if (failure.get() != null) {
      throw new IllegalStateException("a load thread failed: " + failure.get(), failure.get());
    }
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int t = 0; t < threads; t++) {
      System.arraycopy(samples[t], 0, all, at, counts[t]);
      at += counts[t];
    }
    return new Phase(total, elapsed, all);
  }

  /** Sample percentiles, nearest rank, of latencies in nanoseconds. */
  record Percentiles(long count, double p50Ms, double p95Ms, double p99Ms) {
    static Percentiles of(List<long[]> parts) {
      long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      if (all.length == 0) {
        return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN);
      }
      return new Percentiles(all.length, rank(all, 0.50), rank(all, 0.95), rank(all, 0.99));
    }

    private static double rank(long[] sorted, double q) {
      int i = (int) Math.ceil(q * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
  }

  /**
   * POSTs {@code body} over this thread's kept-alive HTTP/1.1 connection (see {@link LoopbackHttp})
   * and returns the response body.
   *
   * @throws IOException on a transport error or any status but 200, with the response body
   */
  static byte[] post(URL url, String contentType, byte[] body) throws IOException {
    return LoopbackHttp.post(url, contentType, body);
  }

  /**
   * CPU time (user + system) a process has used so far, in nanoseconds, from {@code
   * /proc/<pid>/stat} (clock ticks of 10 ms: good for phases of seconds, not for one call).
   */
  static long cpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * 10_000_000L;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Machine, JVM and load average at the time of the call, for the results header. */
  static Map<String, String> machine() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("date", java.time.ZonedDateTime.now().withNano(0).toString());
    m.put("processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("cpu", firstLine(Path.of("/proc/cpuinfo"), "model name"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("load average (1, 5, 15 min)", loadAverage());
    return m;
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String firstLine(Path file, String key) {
    try {
      return Files.readAllLines(file).stream()
          .filter(l -> l.startsWith(key))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** {@code --name value} pairs; every name must be one of {@code known}. */
  static Map<String, String> options(String[] args, Map<String, String> defaults) {
    Map<String, String> options = new LinkedHashMap<>(defaults);
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!name.startsWith("--") || !defaults.containsKey(name.substring(2))) {
        throw new IllegalArgumentException(
            "unknown argument '" + name + "'; known: --" + String.join(", --", defaults.keySet()));
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      options.put(name.substring(2), args[++i]);
    }
    return options;
  }
}
