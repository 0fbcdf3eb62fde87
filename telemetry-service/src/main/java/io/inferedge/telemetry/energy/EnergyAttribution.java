package io.inferedge.telemetry.energy;

import io.inferedge.contracts.MeasurementSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Device energy per frame (DESIGN section 5): the integral of device power over the frame's
 * device-compute interval, plus the radio energy of what it sent.
 *
 * <p>Power between two samples is the straight line between them, so the integral over any piece
 * without a sample inside is exact by the trapezoid rule. Where several frames compute at once on
 * the same device, each piece of time is shared equally among the frames that cover it (the device
 * drew that power for all of them), so that a device's attributed energy never exceeds what it
 * drew. Idle time between frames belongs to no frame.
 *
 * <p>Where the samples do not reach (the wait for late samples ran out): within {@code
 * maxExtrapolation} of the first or last sample its value is held ({@link Coverage#EXTRAPOLATED});
 * further out, or without any sample, the configured fallback power is used ({@link
 * Coverage#FALLBACK}). A figure is {@link MeasurementSource#MEASURED} only when the frame lies
 * between samples, every sample it uses is measured and no two of them are further apart than
 * {@code maxSampleGap} (one missing sample at 10 Hz is interpolated across and stays measured);
 * otherwise it is {@link MeasurementSource#EMULATED}.
 *
 * <p>Plain Java, no Spring; immutable and thread-safe.
 */
public final class EnergyAttribution {

  /** A power sample of one device. */
  public record Sample(Instant at, double milliwatts, MeasurementSource source) {}

  /** A frame's device-compute interval on one device. */
  public record Frame(UUID id, Instant start, Instant end) {
    public Frame {
      if (end.isBefore(start)) {
        throw new IllegalArgumentException("end must not be before start, was " + end);
      }
    }
  }

  /** How a frame's power was known over its interval. */
  public enum Coverage {
    /** Samples on both sides of every instant. */
    SAMPLED,
    /** Part of it beyond the first or last sample, whose value was held. */
    EXTRAPOLATED,
    /** Part of it far from any sample, at the fallback power. */
    FALLBACK
  }

  /** A frame's compute energy. */
  public record Energy(double millijoules, MeasurementSource source, Coverage coverage) {}

  /** A frame's device energy: compute plus radio. */
  public record DeviceEnergy(
      double computeMillijoules,
      MeasurementSource computeSource,
      double radioMillijoules,
      double millijoules,
      MeasurementSource source) {}

  /**
   * @param maxSampleGap the longest gap between two samples that is interpolated as measured
   * @param maxExtrapolation how far beyond the first or last sample its value is held
   * @param fallbackMilliwatts the power assumed where no sample is near
   */
  public record Settings(
      Duration maxSampleGap, Duration maxExtrapolation, double fallbackMilliwatts) {
    public Settings {
      if (maxSampleGap.isNegative() || maxExtrapolation.isNegative()) {
        throw new IllegalArgumentException("maxSampleGap and maxExtrapolation must be >= 0");
      }
      if (!(fallbackMilliwatts >= 0) || !Double.isFinite(fallbackMilliwatts)) {
        throw new IllegalArgumentException(
            "fallbackMilliwatts must be a finite number >= 0, was " + fallbackMilliwatts);
      }
    }
  }

  private final long maxGapNanos;
  private final long maxExtrapolationNanos;
  private final double fallbackMilliwatts;

  public EnergyAttribution(Settings settings) {
    this.maxGapNanos = settings.maxSampleGap().toNanos();
    this.maxExtrapolationNanos = settings.maxExtrapolation().toNanos();
    this.fallbackMilliwatts = settings.fallbackMilliwatts();
  }

  /**
   * The compute energy of each of {@code frames}.
   *
   * @param frames the frames to attribute, all on one device
   * @param deviceFrames every frame on that device that may overlap them, with or without {@code
   *     frames} themselves; they share the time they overlap
   * @param samples the device's power samples around the frames, in any order
   * @return each frame's energy by id, in the order of {@code frames}
   */
  public Map<UUID, Energy> attribute(
      List<Frame> frames, List<Frame> deviceFrames, List<Sample> samples) {
    Power power = new Power(samples);
    Map<UUID, Frame> byId = new HashMap<>();
    deviceFrames.forEach(f -> byId.put(f.id(), f));
    frames.forEach(f -> byId.put(f.id(), f));
    Intervals intervals = new Intervals(byId.values());
    Map<UUID, Energy> energies = new LinkedHashMap<>();
    for (Frame frame : frames) {
      energies.put(frame.id(), energy(frame, intervals, power));
    }
    return energies;
  }

  private Energy energy(Frame frame, Intervals intervals, Power power) {
    long start = nanos(frame.start());
    long end = nanos(frame.end());
    TreeSet<Long> cuts = new TreeSet<>();
    cuts.add(start);
    cuts.add(end);
    List<long[]> others = intervals.overlapping(start, end);
    for (long[] other : others) {
      addInside(cuts, other[0], start, end);
      addInside(cuts, other[1], start, end);
    }
    power.addTimesInside(cuts, start, end);
    if (power.size() > 0) {
      addInside(cuts, power.first() - maxExtrapolationNanos, start, end);
      addInside(cuts, power.last() + maxExtrapolationNanos, start, end);
    }
    Quality quality = new Quality();
    double millijoules = 0;
    Long previous = null;
    for (long cut : cuts) {
      if (previous != null) {
        long a = previous;
        long b = cut;
        int sharing = 0;
        for (long[] other : others) {
          if (other[0] <= a && other[1] >= b) {
            sharing++;
          }
        }
        // Milliwatts times nanoseconds / 1e9 is millijoules.
        double piece = (power.at(a, quality) + power.at(b, quality)) / 2 * (b - a) / 1e9;
        millijoules += piece / Math.max(1, sharing);
      }
      previous = cut;
    }
    if (cuts.size() == 1) {
      power.at(start, quality);
    }
    return new Energy(millijoules, quality.source(), quality.coverage());
  }

  private static void addInside(TreeSet<Long> cuts, long t, long start, long end) {
    if (t > start && t < end) {
      cuts.add(t);
    }
  }

  /** The frames of a device sorted by start, to find those overlapping an interval quickly. */
  private static final class Intervals {
    private final long[] starts;
    private final long[] ends;
    private final long longest;

    Intervals(java.util.Collection<Frame> frames) {
      List<long[]> sorted = new ArrayList<>(frames.size());
      for (Frame frame : frames) {
        sorted.add(new long[] {nanos(frame.start()), nanos(frame.end())});
      }
      sorted.sort(Comparator.comparingLong(f -> f[0]));
      starts = new long[sorted.size()];
      ends = new long[sorted.size()];
      long max = 0;
      for (int i = 0; i < starts.length; i++) {
        starts[i] = sorted.get(i)[0];
        ends[i] = sorted.get(i)[1];
        max = Math.max(max, ends[i] - starts[i]);
      }
      longest = max;
    }

    /** The intervals that overlap [start, end], or, for an empty one, contain it. */
    List<long[]> overlapping(long start, long end) {
      List<long[]> found = new ArrayList<>();
      for (int i = firstAtOrAfter(starts, start - longest); i < starts.length; i++) {
        if (starts[i] > end || (starts[i] == end && end > start)) {
          break;
        }
        if (ends[i] > start || (ends[i] == start && starts[i] == end)) {
          found.add(new long[] {starts[i], ends[i]});
        }
      }
      return found;
    }
  }

  /** A device's power as the straight lines between its samples. */
  private final class Power {
    private final long[] times;
    private final double[] milliwatts;
    private final boolean[] emulated;

    Power(List<Sample> samples) {
      List<Sample> sorted = new ArrayList<>(samples);
      sorted.sort(Comparator.comparing(Sample::at));
      times = new long[sorted.size()];
      milliwatts = new double[sorted.size()];
      emulated = new boolean[sorted.size()];
      for (int i = 0; i < times.length; i++) {
        times[i] = nanos(sorted.get(i).at());
        milliwatts[i] = sorted.get(i).milliwatts();
        emulated[i] = sorted.get(i).source() == MeasurementSource.EMULATED;
      }
    }

    int size() {
      return times.length;
    }

    long first() {
      return times[0];
    }

    long last() {
      return times[times.length - 1];
    }

    void addTimesInside(TreeSet<Long> cuts, long start, long end) {
      for (int i = firstAtOrAfter(times, start); i < times.length && times[i] < end; i++) {
        addInside(cuts, times[i], start, end);
      }
    }

    /** Power at {@code t}, noting in {@code quality} how it was known. */
    double at(long t, Quality quality) {
      if (times.length == 0) {
        quality.fallback = true;
        return fallbackMilliwatts;
      }
      int after = firstAtOrAfter(times, t);
      if (after < times.length && times[after] == t) {
        quality.use(emulated[after]);
        return milliwatts[after];
      }
      if (after == 0 || after == times.length) {
        int edge = after == 0 ? 0 : times.length - 1;
        if (Math.abs(t - times[edge]) <= maxExtrapolationNanos) {
          quality.extrapolated = true;
          quality.use(emulated[edge]);
          return milliwatts[edge];
        }
        quality.fallback = true;
        return fallbackMilliwatts;
      }
      int lo = after - 1;
      quality.use(emulated[lo]);
      quality.use(emulated[after]);
      if (times[after] - times[lo] > maxGapNanos) {
        quality.longGap = true;
      }
      return milliwatts[lo]
          + (milliwatts[after] - milliwatts[lo])
              * (t - times[lo])
              / (double) (times[after] - times[lo]);
    }
  }

  private static int firstAtOrAfter(long[] sorted, long t) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Whether {@code samples} has one at or before the frame's start and one at or after its end. */
  public static boolean covered(Frame frame, List<Sample> samples) {
    boolean before = false;
    boolean after = false;
    for (Sample sample : samples) {
      before |= !sample.at().isAfter(frame.start());
      after |= !sample.at().isBefore(frame.end());
    }
    return before && after;
  }

  /**
   * The radio energy of a transfer: the link's transmit power times the transfer time; 0 when
   * nothing was sent or the power is unknown.
   */
  public static double radioMillijoules(long transferMicros, Double transmitMilliwatts) {
    if (transferMicros <= 0 || transmitMilliwatts == null) {
      return 0;
    }
    return transmitMilliwatts * transferMicros / 1e6;
  }

  /**
   * Compute plus radio energy. Radio energy comes from a model (transmit power times time), so a
   * frame that sent anything is emulated as a whole; one that sent nothing keeps its compute
   * energy's source.
   */
  public static DeviceEnergy deviceEnergy(
      Energy compute, long transferMicros, Double transmitMilliwatts) {
    double radio = radioMillijoules(transferMicros, transmitMilliwatts);
    MeasurementSource source = transferMicros > 0 ? MeasurementSource.EMULATED : compute.source();
    return new DeviceEnergy(
        compute.millijoules(), compute.source(), radio, compute.millijoules() + radio, source);
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  /** What went into one frame's power: the samples used, holds, fallbacks, long gaps. */
  private static final class Quality {
    boolean emulatedSample;
    boolean extrapolated;
    boolean fallback;
    boolean longGap;

    void use(boolean emulated) {
      emulatedSample |= emulated;
    }

    Coverage coverage() {
      return fallback ? Coverage.FALLBACK : extrapolated ? Coverage.EXTRAPOLATED : Coverage.SAMPLED;
    }

    MeasurementSource source() {
      return emulatedSample || extrapolated || fallback || longGap
          ? MeasurementSource.EMULATED
          : MeasurementSource.MEASURED;
    }
  }
}
