package io.inferedge.modelzoo;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, deterministic generator of 64x64 grey video frames, each showing one Fashion-MNIST item
 * over a textured background, labelled with its ground truth and the stream's {@link Regime}.
 *
 * <p>At a scene cut a new item is drawn, bilinearly scaled to 32-56 px and placed at a random
 * position, and a new background texture (two octaves of value noise) and light gradient are drawn.
 * Within a scene the item drifts by up to {@value #MAX_DRIFT} px per frame, bouncing off the
 * frame's edges. A slow global illumination swing runs across scenes and every frame gets
 * (approximately) Gaussian sensor noise. The frame is quantised to bytes; {@link Frame#toFloats()}
 * is what models are trained and evaluated on.
 *
 * <p>Scene cuts follow one of two schedules. With {@link Regimes} (the default) the stream
 * alternates between a calm and a busy regime, each lasting {@link Regimes#minRegimeFrames()} plus
 * an exponentially distributed number of frames; in each regime a cut happens at every frame with
 * probability 1 / (the regime's mean scene length), so the cut rate follows the regime. With a
 * fixed scene length every scene lasts exactly that long and the regime is {@link
 * Regime#of(double)} of it (training uses a new item every frame).
 *
 * <p>Everything is drawn from {@link SplittableRandom}s seeded from the seed in a fixed order (the
 * scene schedule from its own generator, so it does not shift the pictures) and the maths is strict
 * ({@link StrictMath} for trigonometry), so the same items, seed and schedule give the same frames
 * byte for byte on any JVM. Train on items of the train split and evaluate on items of the test
 * split only ({@link FashionMnist#load(java.nio.file.Path, FashionMnist.Split)}).
 *
 * <p>Not thread-safe: one source per stream or per thread.
 */
public final class FrameSource {

  /** Frame width and height in pixels. */
  public static final int SIDE = 64;

  /** Frames per scene of a fixed-length source unless told otherwise (one second at 30 fps). */
  public static final int DEFAULT_SCENE_LENGTH = 30;

  /**
   * A calm/busy scene schedule.
   *
   * @param calmSceneFrames mean scene length in the calm regime, in frames
   * @param busySceneFrames mean scene length in the busy regime, in frames
   * @param minRegimeFrames shortest stay in a regime
   * @param meanExtraRegimeFrames mean of the exponentially distributed rest of a stay
   */
  public record Regimes(
      double calmSceneFrames,
      double busySceneFrames,
      int minRegimeFrames,
      double meanExtraRegimeFrames) {

    /**
     * Calm scenes of 3 s and busy scenes of a quarter second on average at 30 fps, regimes of 4 s
     * plus 8 s on average.
     */
    public static final Regimes DEFAULT = new Regimes(90, 8, 120, 240);

    public Regimes {
      if (Regime.of(calmSceneFrames) != Regime.CALM) {
        throw new IllegalArgumentException(
            "calmSceneFrames must be >= "
                + Regime.BUSY_BELOW_FRAMES
                + " (a calm regime), was "
                + calmSceneFrames);
      }
      if (Regime.of(busySceneFrames) != Regime.BUSY) {
        throw new IllegalArgumentException(
            "busySceneFrames must be in [1, "
                + Regime.BUSY_BELOW_FRAMES
                + ") (a busy regime), was "
                + busySceneFrames);
      }
      if (minRegimeFrames < 1) {
        throw new IllegalArgumentException("minRegimeFrames must be >= 1, was " + minRegimeFrames);
      }
      if (!(meanExtraRegimeFrames >= 0)) {
        throw new IllegalArgumentException(
            "meanExtraRegimeFrames must be >= 0, was " + meanExtraRegimeFrames);
      }
    }

    double meanSceneFrames(Regime regime) {
      return regime == Regime.CALM ? calmSceneFrames : busySceneFrames;
    }
  }

  /** Smallest and largest side the 28x28 item is scaled to. */
  public static final int MIN_ITEM_SIDE = 32;

  public static final int MAX_ITEM_SIDE = 56;

  /** Largest item movement per frame along each axis, in pixels. */
  public static final double MAX_DRIFT = 0.75;

  /** Standard deviation of the per-pixel sensor noise, on the [0, 1] scale. */
  static final double NOISE_SIGMA = 0.03;

  private static final double SQRT_3 = Math.sqrt(3);

  /** Background texture: a smooth 5x5 and a finer 17x17 value-noise lattice. */
  private static final Lattice COARSE = Lattice.of(5);

  private static final Lattice FINE = Lattice.of(17);

  /** Seeds the scene schedule's own generator from the source's seed. */
  private static final long SCHEDULE_SEED_MIX = 0x5CE4E_C075L;

  private final List<Item> items;
  private final SplittableRandom random;

  // Scene schedule: a fixed length (regimes == null) or calm/busy regimes.
  private final int sceneLength;
  private final Regimes regimes;
  private final SplittableRandom schedule;
  private Regime regime;
  private long regimeEnd;

  // Illumination: a slow sinusoidal gain shared by all scenes of this stream.
  private final double gainAmplitude;
  private final double gainPeriod;
  private final double gainPhase;

  // Current scene.
  private final float[] background = new float[SIDE * SIDE];
  private Item item;
  private int itemSide;
  private float contrast;
  private double x;
  private double y;
  private double vx;
  private double vy;
  private long seq;

  /** A source whose scene cuts follow {@link Regimes#DEFAULT}. */
  public FrameSource(List<Item> items, long seed) {
    this(items, seed, Regimes.DEFAULT);
  }

  /**
   * A source whose scene cuts follow calm/busy regimes.
   *
   * @param items the items to show, drawn uniformly at each scene cut; the list is not copied and
   *     must not change
   * @param seed seeds every random choice
   */
  public FrameSource(List<Item> items, long seed, Regimes regimes) {
    this(items, seed, 0, requireRegimes(regimes));
  }

  /**
   * @param items the items to show, drawn uniformly at each scene cut; the list is not copied and
   *     must not change
   * @param seed seeds every random choice
   * @param sceneLength frames per scene ({@code 1} gives a new item every frame)
   */
  public FrameSource(List<Item> items, long seed, int sceneLength) {
    this(items, seed, requireSceneLength(sceneLength), null);
  }

  private FrameSource(List<Item> items, long seed, int sceneLength, Regimes regimes) {
    if (items == null || items.isEmpty()) {
      throw new IllegalArgumentException("items must not be empty");
    }
    this.items = items;
    this.sceneLength = sceneLength;
    this.regimes = regimes;
    this.schedule = new SplittableRandom(seed ^ SCHEDULE_SEED_MIX);
    if (regimes == null) {
      this.regime = Regime.of(sceneLength);
      this.regimeEnd = Long.MAX_VALUE;
    } else {
      this.regime = schedule.nextBoolean() ? Regime.CALM : Regime.BUSY;
      this.regimeEnd = regimeLength();
    }
    this.random = new SplittableRandom(seed);
    this.gainAmplitude = 0.05 + 0.2 * random.nextDouble();
    this.gainPeriod = 60 + 240 * random.nextDouble();
    this.gainPhase = 2 * Math.PI * random.nextDouble();
  }

  private static int requireSceneLength(int sceneLength) {
    if (sceneLength < 1) {
      throw new IllegalArgumentException("sceneLength must be >= 1, was " + sceneLength);
    }
    return sceneLength;
  }

  private static Regimes requireRegimes(Regimes regimes) {
    if (regimes == null) {
      throw new IllegalArgumentException("regimes must not be null");
    }
    return regimes;
  }

  /** Renders the next frame. */
  public Frame next() {
    if (isCut()) {
      newScene();
    } else {
      drift();
    }
    byte[] pixels = render();
    return new Frame(seq++, pixels, SIDE, item.label(), regime);
  }

  /** Whether frame {@code seq} starts a new scene; moves to the next regime when one ends. */
  private boolean isCut() {
    if (regimes == null) {
      return seq % sceneLength == 0;
    }
    if (seq >= regimeEnd) {
      regime = regime == Regime.CALM ? Regime.BUSY : Regime.CALM;
      regimeEnd = seq + regimeLength();
    }
    // Always draw, so the schedule's draws do not depend on the first frame being special.
    boolean cut = schedule.nextDouble() < 1 / regimes.meanSceneFrames(regime);
    return seq == 0 || cut;
  }

  /** A regime's stay: the minimum plus an exponentially distributed rest. */
  private long regimeLength() {
    double extra = -regimes.meanExtraRegimeFrames() * StrictMath.log(1 - schedule.nextDouble());
    return regimes.minRegimeFrames() + (long) extra;
  }

  private void newScene() {
    item = items.get(random.nextInt(items.size()));
    itemSide = MIN_ITEM_SIDE + random.nextInt(MAX_ITEM_SIDE - MIN_ITEM_SIDE + 1);
    contrast = (float) (0.75 + 0.25 * random.nextDouble());
    x = random.nextDouble() * (SIDE - itemSide);
    y = random.nextDouble() * (SIDE - itemSide);
    vx = (2 * random.nextDouble() - 1) * MAX_DRIFT;
    vy = (2 * random.nextDouble() - 1) * MAX_DRIFT;
    drawBackground();
  }

  private void drift() {
    x += vx;
    y += vy;
    double max = SIDE - itemSide;
    if (x < 0 || x > max) {
      vx = -vx;
      x = Math.max(0, Math.min(max, x));
    }
    if (y < 0 || y > max) {
      vy = -vy;
      y = Math.max(0, Math.min(max, y));
    }
  }

  /** Base level + coarse and fine value noise, lit by a linear gradient. */
  private void drawBackground() {
    float base = (float) (0.15 + 0.3 * random.nextDouble());
    float amplitude = (float) (0.1 + 0.2 * random.nextDouble());
    float[] coarse = valueNoise(COARSE);
    float[] fine = valueNoise(FINE);
    double angle = 2 * Math.PI * random.nextDouble();
    double slope = 0.2 * random.nextDouble() / SIDE;
    float gx = (float) (StrictMath.cos(angle) * slope);
    float gy = (float) (StrictMath.sin(angle) * slope);
    for (int py = 0; py < SIDE; py++) {
      float rowLight = 1 + gy * (py - SIDE / 2f);
      for (int px = 0; px < SIDE; px++) {
        int i = py * SIDE + px;
        float texture = 0.7f * coarse[i] + 0.3f * fine[i] - 0.5f;
        float light = rowLight + gx * (px - SIDE / 2f);
        background[i] = (base + amplitude * texture) * light;
      }
    }
  }

  /** A lattice of uniform values, bilinearly interpolated up to SIDE x SIDE. */
  private float[] valueNoise(Lattice lattice) {
    int n = lattice.size;
    float[] values = new float[n * n];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextDouble();
    }
    // Separable: interpolate along x for every lattice row, then along y.
    float[] rows = new float[n * SIDE];
    for (int r = 0; r < n; r++) {
      for (int px = 0; px < SIDE; px++) {
        int c = lattice.cell[px];
        float f = lattice.fraction[px];
        rows[r * SIDE + px] = (1 - f) * values[r * n + c] + f * values[r * n + c + 1];
      }
    }
    float[] out = new float[SIDE * SIDE];
    for (int py = 0; py < SIDE; py++) {
      int c = lattice.cell[py];
      float f = lattice.fraction[py];
      for (int px = 0; px < SIDE; px++) {
        out[py * SIDE + px] = (1 - f) * rows[c * SIDE + px] + f * rows[(c + 1) * SIDE + px];
      }
    }
    return out;
  }

  /** Where each frame coordinate falls in a size x size lattice stretched over the frame. */
  private record Lattice(int size, int[] cell, float[] fraction) {

    static Lattice of(int size) {
      int[] cell = new int[SIDE];
      float[] fraction = new float[SIDE];
      double step = (size - 1.0) / (SIDE - 1.0);
      for (int p = 0; p < SIDE; p++) {
        double t = p * step;
        cell[p] = Math.min((int) t, size - 2);
        fraction[p] = (float) (t - cell[p]);
      }
      return new Lattice(size, cell, fraction);
    }
  }

  private byte[] render() {
    float gain =
        (float) (1 + gainAmplitude * StrictMath.sin(2 * Math.PI * seq / gainPeriod + gainPhase));
    float[] canvas = background.clone();
    compositeItem(canvas);
    byte[] pixels = new byte[SIDE * SIDE];
    for (int i = 0; i < pixels.length; i++) {
      float value = canvas[i] * gain + (float) (gaussian() * NOISE_SIGMA);
      value = Math.max(0f, Math.min(1f, value));
      pixels[i] = (byte) (int) (value * 255 + 0.5f);
    }
    return pixels;
  }

  /** Blends the scaled item over the canvas; only the pixels its box touches are visited. */
  private void compositeItem(float[] canvas) {
    double scale = (double) FashionMnist.SIDE / itemSide;
    int x0 = Math.max(0, (int) Math.floor(x) - 1);
    int y0 = Math.max(0, (int) Math.floor(y) - 1);
    int x1 = Math.min(SIDE, (int) Math.ceil(x + itemSide) + 1);
    int y1 = Math.min(SIDE, (int) Math.ceil(y + itemSide) + 1);
    for (int py = y0; py < y1; py++) {
      // Item pixel under this frame pixel's centre, in the 28x28 item's pixel coordinates.
      double v = (py + 0.5 - y) * scale - 0.5;
      for (int px = x0; px < x1; px++) {
        double u = (px + 0.5 - x) * scale - 0.5;
        double intensity = sampleItem(u, v);
        if (intensity > 0) {
          // Dim item pixels are partly transparent: Fashion-MNIST has no separate mask.
          double alpha = Math.min(1, intensity * 3);
          int i = py * SIDE + px;
          canvas[i] = (float) (canvas[i] * (1 - alpha) + contrast * intensity * alpha);
        }
      }
    }
  }

  /**
   * Approximately standard normal: the Irwin-Hall sum of four 16-bit uniforms from one draw,
   * centred and scaled to unit variance. A quarter of the cost of {@code nextGaussian}, and the
   * sensor noise needs no tails.
   */
  private double gaussian() {
    long bits = random.nextLong();
    long sum =
        (bits & 0xffff) + ((bits >>> 16) & 0xffff) + ((bits >>> 32) & 0xffff) + (bits >>> 48);
    return (sum / 65536.0 - 2) * SQRT_3;
  }

  /** Bilinear sample of the item at (u, v) in [0, 1]; outside the image is 0 (its background). */
  private double sampleItem(double u, double v) {
    int u0 = (int) Math.floor(u);
    int v0 = (int) Math.floor(v);
    double fu = u - u0;
    double fv = v - v0;
    double top = (1 - fu) * itemPixel(u0, v0) + fu * itemPixel(u0 + 1, v0);
    double bottom = (1 - fu) * itemPixel(u0, v0 + 1) + fu * itemPixel(u0 + 1, v0 + 1);
    return ((1 - fv) * top + fv * bottom) / 255.0;
  }

  private int itemPixel(int u, int v) {
    if (u < 0 || v < 0 || u >= FashionMnist.SIDE || v >= FashionMnist.SIDE) {
      return 0;
    }
    return item.intensity(u, v);
  }
}
