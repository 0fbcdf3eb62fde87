package io.inferedge.benchmarks;

import io.inferedge.policy.profile.Configuration;
import io.inferedge.policy.profile.DeviceProfile;
import io.inferedge.policy.profile.LatencyDistribution;
import io.inferedge.policy.profile.LinkProfile;
import io.inferedge.policy.profile.ModelProfile;
import io.inferedge.policy.profile.Profile;
import io.inferedge.policy.profile.Sources;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes the policy emulator's fixture profile ({@code
 * policy-runtime/src/main/resources/profiles/fixture.json}) until the model-zoo profiler commits a
 * profile measured through the real serving path.
 *
 * <p>What it measures on this host: the batch-1 latency of every (model, cut, resolution) of the
 * four zoo architectures through a TensorFlow Java graph session: the device part (resize in Java,
 * then blocks 1..cut) and the server part (blocks cut+1..B, classifier, softmax). The graphs carry
 * random weights of the real architectures: latency does not depend on weight values. For {@code
 * nano} it also times the committed SavedModel ({@code models/nano}) to check that the architecture
 * timing matches the real model. Accuracy of {@code nano} is read from its manifest (measured);
 * accuracy of {@code small}, {@code medium} and {@code large} is emulated (those models are not
 * trained yet) and labelled so. Device and link profiles are emulated from published figures.
 *
 * <p>Run: {@code ./mvnw -B -o -q -pl benchmarks exec:exec
 * -Dbench.main=io.inferedge.benchmarks.FixtureProfiler -Dbench.args="--out
 * policy-runtime/src/main/resources/profiles/fixture.json"} (after {@code install} of
 * policy-runtime and policy-service). Not thread-safe; a command.
 */
public final class FixtureProfiler {

  private static final int[] RESOLUTIONS = {64, 48, 32, 24};
  private static final int FRAME = 64;
  private static final int CLASSES = 10;
  private static final int WARM_UP = 60;
  private static final int RUNS = 400;

  /** The zoo's architectures: nano is the committed model; the others are the planned versions. */
  private record Architecture(String name, List<Integer> channels) {}

  private static final List<Architecture> ZOO =
      List.of(
          new Architecture("nano", List.of(8, 16, 32)),
          new Architecture("small", List.of(16, 32, 64, 64)),
          new Architecture("medium", List.of(32, 64, 128, 256)),
          new Architecture("large", List.of(48, 96, 192, 384, 384)));

  /**
   * Emulated accuracy of the models that are not trained yet, per resolution 64/48/32/24. Anchors:
   * the model-zoo issue's measured recipe ({@code large} 81.8 % at 64 px after 12 min; target 80-85
   * %), nano's measured curve (best at 48 px, 5 points lower at 24 px), and the zoo's target that
   * every model is at least 5 points worse at 24 px than at its best resolution. Bigger models lose
   * more at low resolution (they rely on finer features).
   */
  private static final Map<String, double[]> EMULATED_ACCURACY =
      Map.of(
          "small", new double[] {0.765, 0.775, 0.755, 0.700},
          "medium", new double[] {0.805, 0.800, 0.775, 0.715},
          "large", new double[] {0.835, 0.825, 0.790, 0.725});

  /** A profile whose measured latencies are reused instead of timing again, or null. */
  private static Profile keep;

  private FixtureProfiler() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of("policy-runtime/src/main/resources/profiles/fixture.json");
    Path nanoDir = Path.of("models/nano");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[i + 1]);
        case "--nano" -> nanoDir = Path.of(args[i + 1]);
        case "--keep-latencies" -> keep = Profile.read(Path.of(args[i + 1]));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    String host =
        (keep != null ? "latencies kept from an earlier run on: " + keep.host() + "; now " : "")
            + System.getProperty("os.arch")
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores, "
            + cpuModel()
            + ", Java "
            + System.getProperty("java.version")
            + ", TF-Java 1.0.0-rc.1 graph session, batch 1, load average at start "
            + String.format("%.2f", load);
    System.out.println("profiling on " + host);
    Map<Integer, Double> nanoAccuracy = nanoAccuracy(nanoDir.resolve("manifest.json"));
    List<ModelProfile> models = new ArrayList<>();
    for (Architecture a : ZOO) {
      models.add(profile(a, nanoAccuracy));
    }
    String nanoCheck = timeNanoSavedModel(nanoDir);
    System.out.println(nanoCheck);
    Profile profile =
        new Profile(
            Profile.FORMAT_VERSION,
            "fixture",
            "Fixture profile written by benchmarks' FixtureProfiler until the model-zoo profiler"
                + " commits one measured through the serving path. MEASURED here: batch-1 latency of"
                + " every (model, cut, resolution) of the four zoo architectures (random weights;"
                + " latency does not depend on them), device part = Java resize + blocks 1..cut,"
                + " server part = blocks cut+1..B + classifier; nano's accuracy (models/nano"
                + " manifest, held-out frames). COMPUTED: bytes per cut (float32 grey frame at cut 0,"
                + " float32 tensor otherwise), parameters, MACs. EMULATED: accuracy of small/medium/large"
                + " (not trained yet; anchored on the zoo issue's measured recipe), the calm/busy"
                + " split of accuracy (the frame generator's regimes change only the scene-cut rate,"
                + " so a processed frame's accuracy is the same in both), device and link profiles."
                + " "
                + nanoCheck,
            host,
            15.0,
            Arrays.stream(RESOLUTIONS).boxed().toList(),
            models,
            devices(),
            links());
    profile.write(out);
    System.out.println("wrote " + out);
  }

  private static ModelProfile profile(Architecture a, Map<Integer, Double> nanoAccuracy) {
    int blocks = a.channels().size();
    List<Configuration> configurations = new ArrayList<>();
    Map<Integer, Long> macs = new LinkedHashMap<>();
    Map<Integer, Double> accuracy = new LinkedHashMap<>();
    for (int ri = 0; ri < RESOLUTIONS.length; ri++) {
      int r = RESOLUTIONS[ri];
      macs.put(r, macs(a.channels(), r));
      accuracy.put(
          r, a.name().equals("nano") ? nanoAccuracy.get(r) : EMULATED_ACCURACY.get(a.name())[ri]);
      for (int cut = 0; cut <= blocks; cut++) {
        Configuration kept = keep == null ? null : keep.model(a.name()).configuration(cut, r);
        LatencyDistribution device = kept != null ? kept.deviceMicros() : timeHead(a, r, cut);
        LatencyDistribution server =
            kept != null
                ? kept.serverMicros()
                : cut == blocks ? LatencyDistribution.NONE : timeTail(a, r, cut);
        configurations.add(
            new Configuration(cut, r, bytesSent(a.channels(), r, cut), device, server, "measured"));
        System.out.printf(
            "%-6s r%-2d c%d  device p50 %8.1f us  server p50 %8.1f us  bytes %d%n",
            a.name(), r, cut, device.p50(), server.p50(), bytesSent(a.channels(), r, cut));
      }
    }
    boolean nano = a.name().equals("nano");
    return new ModelProfile(
        a.name(),
        nano ? Sources.MEASURED : Sources.EMULATED,
        blocks,
        a.channels(),
        parameters(a.channels()),
        macs,
        Map.of(Profile.CALM, accuracy, Profile.BUSY, accuracy),
        nano ? Sources.MEASURED : Sources.EMULATED,
        nano
            ? "measured: models/nano/manifest.json, 2000 held-out frames composed from the"
                + " Fashion-MNIST test split (regimes mixed; a processed frame's accuracy does not"
                + " depend on the regime)"
            : "emulated: anchored on the model-zoo issue's recipe (large 81.8 % at 64 px after"
                + " 12 min) and nano's measured resolution curve; replace with the zoo's profile",
        configurations);
  }

  /**
   * Bytes the device sends: the resized grey frame as float32 (as the zoo's serving path sends it,
   * {@code models/nano/manifest.json} cut 0), the float32 tensor after block {@code cut}, or
   * nothing.
   */
  static long bytesSent(List<Integer> channels, int resolution, int cut) {
    if (cut == 0) {
      return (long) resolution * resolution * 4;
    }
    if (cut == channels.size()) {
      return 0;
    }
    long side = sideAfter(resolution, cut);
    return side * side * channels.get(cut - 1) * 4L;
  }

  private static long sideAfter(int resolution, int blocks) {
    long side = resolution;
    for (int b = 0; b < blocks; b++) {
      side = (side + 1) / 2;
    }
    return side;
  }

  static long parameters(List<Integer> channels) {
    long count = 0;
    int in = 1;
    for (int out : channels) {
      count += 9L * in * out + out;
      in = out;
    }
    return count + (long) in * CLASSES + CLASSES;
  }

  static long macs(List<Integer> channels, int resolution) {
    long total = 0;
    long side = resolution;
    int in = 1;
    for (int out : channels) {
      total += side * side * 9L * in * out;
      side = (side + 1) / 2;
      in = out;
    }
    return total + side * side * in * CLASSES;
  }

  private static LatencyDistribution timeHead(Architecture a, int resolution, int cut) {
    float[] frame = randomFrame(new SplittableRandom(cut * 131L + resolution));
    if (cut == 0) {
      // Pure Java: warm the JIT up properly before timing.
      for (int i = 0; i < 20_000; i++) {
        resize(frame, resolution);
      }
      return time(() -> resize(frame, resolution));
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, resolution, resolution, 1)));
      Operand<TFloat32> x = in;
      SplittableRandom random = new SplittableRandom(7);
      int channels = 1;
      for (int b = 0; b < cut; b++) {
        x = block(tf, x, channels, a.channels().get(b), random);
        channels = a.channels().get(b);
      }
      Operand<TFloat32> head = x;
      try (Session s = new Session(g)) {
        return time(
            () -> {
              float[] resized = resize(frame, resolution);
              try (TFloat32 t =
                      TFloat32.tensorOf(
                          Shape.of(1, resolution, resolution, 1), DataBuffers.of(resized));
                  Result r = s.runner().feed(in, t).fetch(head).run()) {
                return r.size();
              }
            });
      }
    }
  }

  private static LatencyDistribution timeTail(Architecture a, int resolution, int cut) {
    long side = sideAfter(resolution, cut);
    int inChannels = cut == 0 ? 1 : a.channels().get(cut - 1);
    SplittableRandom random = new SplittableRandom(11);
    float[] input = new float[(int) (side * side * inChannels)];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextDouble();
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, side, side, inChannels)));
      Operand<TFloat32> x = in;
      int channels = inChannels;
      for (int b = cut; b < a.channels().size(); b++) {
        x = block(tf, x, channels, a.channels().get(b), random);
        channels = a.channels().get(b);
      }
      Operand<TFloat32> kernel = constant(tf, Shape.of(1, 1, channels, CLASSES), random, channels);
      Operand<TFloat32> scores =
          tf.nn.biasAdd(
              tf.nn.conv2d(x, kernel, Arrays.asList(1L, 1L, 1L, 1L), "SAME"),
              tf.constant(new float[CLASSES]));
      Operand<TFloat32> probabilities =
          tf.nn.softmax(tf.math.mean(scores, tf.constant(new int[] {1, 2})));
      try (Session s = new Session(g)) {
        Shape shape = Shape.of(1, side, side, inChannels);
        return time(
            () -> {
              try (TFloat32 t = TFloat32.tensorOf(shape, DataBuffers.of(input));
                  Result r = s.runner().feed(in, t).fetch(probabilities).run()) {
                return r.size();
              }
            });
      }
    }
  }

  private static Operand<TFloat32> block(
      Ops tf, Operand<TFloat32> x, int in, int out, SplittableRandom random) {
    Operand<TFloat32> kernel = constant(tf, Shape.of(3, 3, in, out), random, 9 * in);
    Operand<TFloat32> conv = tf.nn.conv2d(x, kernel, Arrays.asList(1L, 1L, 1L, 1L), "SAME");
    Operand<TFloat32> relu = tf.nn.relu(tf.nn.biasAdd(conv, tf.constant(new float[out])));
    return tf.nn.maxPool(
        relu, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "SAME");
  }

  private static Operand<TFloat32> constant(
      Ops tf, Shape shape, SplittableRandom random, long fanIn) {
    float[] values = new float[(int) shape.size()];
    double std = Math.sqrt(2.0 / fanIn);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return tf.constant(shape, DataBuffers.of(values));
  }

  private static float[] randomFrame(SplittableRandom random) {
    float[] frame = new float[FRAME * FRAME];
    for (int i = 0; i < frame.length; i++) {
      frame[i] = (float) random.nextDouble();
    }
    return frame;
  }

  /** Bilinear resize of a 64x64 frame, as a device would before running the head. */
  static float[] resize(float[] frame, int side) {
    if (side == FRAME) {
      return frame.clone();
    }
    float[] out = new float[side * side];
    double scale = (double) FRAME / side;
    for (int y = 0; y < side; y++) {
      double sy = Math.min(FRAME - 1, Math.max(0, (y + 0.5) * scale - 0.5));
      int y0 = (int) sy;
      int y1 = Math.min(FRAME - 1, y0 + 1);
      double fy = sy - y0;
      for (int x = 0; x < side; x++) {
        double sx = Math.min(FRAME - 1, Math.max(0, (x + 0.5) * scale - 0.5));
        int x0 = (int) sx;
        int x1 = Math.min(FRAME - 1, x0 + 1);
        double fx = sx - x0;
        double top = frame[y0 * FRAME + x0] * (1 - fx) + frame[y0 * FRAME + x1] * fx;
        double bottom = frame[y1 * FRAME + x0] * (1 - fx) + frame[y1 * FRAME + x1] * fx;
        out[y * side + x] = (float) (top * (1 - fy) + bottom * fy);
      }
    }
    return out;
  }

  private interface Work {
    Object run();
  }

  private static LatencyDistribution time(Work work) {
    Object sink = null;
    for (int i = 0; i < WARM_UP; i++) {
      sink = work.run();
    }
    double[] micros = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      sink = work.run();
      micros[i] = (System.nanoTime() - start) / 1_000.0;
    }
    if (sink == null) {
      throw new IllegalStateException("no result");
    }
    Arrays.sort(micros);
    return new LatencyDistribution(
        round(micros[RUNS / 10]), round(micros[RUNS / 2]), round(micros[RUNS * 9 / 10]));
  }

  private static double round(double micros) {
    return Math.round(micros * 10) / 10.0;
  }

  private static String timeNanoSavedModel(Path dir) {
    if (!Files.isDirectory(dir)) {
      return "models/nano not found: SavedModel check skipped.";
    }
    StringBuilder text =
        new StringBuilder("Check: the committed nano SavedModel (full signature) ");
    text.append("measured p50 here at 64/48/32/24 px:");
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve")) {
      var function = bundle.function("serving_default");
      float[] frame = randomFrame(new SplittableRandom(3));
      for (int r : RESOLUTIONS) {
        LatencyDistribution d =
            time(
                () -> {
                  float[] resized = resize(frame, r);
                  try (TFloat32 t =
                          TFloat32.tensorOf(Shape.of(1, r, r, 1), DataBuffers.of(resized));
                      Result result = function.call(Map.of("frames", t))) {
                    return result.size();
                  }
                });
        text.append(String.format(" %.0f", d.p50()));
      }
      return text.append(" us (resize included).").toString();
    } catch (RuntimeException e) {
      return "nano SavedModel check failed: " + e.getMessage();
    }
  }

  private static Map<Integer, Double> nanoAccuracy(Path manifest) throws IOException {
    String json = Files.readString(manifest);
    Matcher block = Pattern.compile("\"accuracy\"\\s*:\\s*\\{([^}]*)}").matcher(json);
    if (!block.find()) {
      throw new IllegalStateException(manifest + " has no accuracy object");
    }
    Map<Integer, Double> accuracy = new LinkedHashMap<>();
    Matcher entry = Pattern.compile("\"(\\d+)\"\\s*:\\s*([0-9.]+)").matcher(block.group(1));
    while (entry.find()) {
      accuracy.put(Integer.parseInt(entry.group(1)), Double.parseDouble(entry.group(2)));
    }
    for (int r : RESOLUTIONS) {
      if (!accuracy.containsKey(r)) {
        throw new IllegalStateException(manifest + " has no accuracy at " + r + " px");
      }
    }
    return accuracy;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: the architecture alone.
    }
    return "unknown CPU";
  }

  /**
   * Device classes. TX2 calibration (Infer-EDGE, NOMS 2025, TX2 table): resnet18 627.6 ms / 3.73 J,
   * resnet50 984.6 ms / 7.46 J, vgg11 1044.5 ms / 6.17 J, i.e. 5.9-7.6 W while computing. The same
   * resnet18 runs batch-1 in roughly 35-50 ms on one x86 server core of this class, so a TX2 is
   * about 15x slower than the host; the other Jetsons are scaled from their published CPU/GPU
   * throughput relative to the TX2 and their power modes. All but {@code host} are emulated.
   */
  private static List<DeviceProfile> devices() {
    return List.of(
        new DeviceProfile(
            "host",
            Sources.EMULATED,
            1.0,
            10.0,
            30.0,
            1.5,
            "this machine as a device: compute timed here (slowdown 1); power not measurable in"
                + " this container (no RAPL), so the power figures are emulated, typical of a"
                + " 2-core server slice"),
        new DeviceProfile(
            "jetson-tx2",
            Sources.EMULATED,
            15.0,
            1.9,
            6.6,
            1.3,
            "Infer-EDGE TX2 table: resnet18 627.6 ms / 3.73 J, resnet50 984.6 ms / 7.46 J, vgg11"
                + " 1044.5 ms / 6.17 J (5.9-7.6 W active, mean 6.6 W); slowdown 15x from resnet18"
                + " at ~40 ms on one host core; idle 1.9 W and Wi-Fi transmit 1.3 W typical"),
        new DeviceProfile(
            "jetson-nano",
            Sources.EMULATED,
            24.0,
            1.25,
            5.0,
            1.3,
            "about 1.6x slower than a TX2 (4x A57 at 1.43 GHz, 128-core Maxwell), 5 W mode"),
        new DeviceProfile(
            "jetson-xavier-nx",
            Sources.EMULATED,
            6.0,
            3.0,
            10.0,
            1.3,
            "about 2.5x faster than a TX2 (6-core Carmel, 384-core Volta), 10 W mode"),
        new DeviceProfile(
            "jetson-orin-nano",
            Sources.EMULATED,
            4.0,
            3.0,
            8.0,
            1.3,
            "about 3.75x faster than a TX2 (6x A78AE, 1024-core Ampere), 7-15 W modes"));
  }

  /** The paper's two links: 20 and 8 Mbit/s; RTTs typical of Wi-Fi to an edge box and of LTE. */
  private static List<LinkProfile> links() {
    return List.of(
        new LinkProfile(
            "wifi-20",
            Sources.EMULATED,
            20.0,
            10.0,
            "Infer-EDGE's 20 Mbit/s link; Wi-Fi RTT 10 ms"),
        new LinkProfile(
            "lte-8", Sources.EMULATED, 8.0, 60.0, "Infer-EDGE's 8 Mbit/s link; LTE RTT 60 ms"));
  }
}
