package io.inferedge.inference.power;

import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.PowerSampled;
import io.inferedge.inference.InferenceProperties.DeviceProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Emulated power where no sensor is readable: the device profile's power model, {@code active}
 * while this tier computes a frame and {@code idle} otherwise, driven by the real compute intervals
 * of the plan executor ({@link BusyIntervals}). Labelled {@link MeasurementSource#EMULATED}.
 *
 * <p>The model's power is a step function, and frames on this host compute for milliseconds, far
 * shorter than a sampling period. A sample per period alone would smear a frame's power over the
 * whole period, so each read also emits the steps inside the period: a sample on each side of every
 * edge, one microsecond apart (the resolution the samples are stored at). Integrating the samples
 * by trapezoids then gives {@code active} times a frame's compute time, to within a microsecond of
 * power per edge. Not thread-safe (one sampling thread).
 */
final class PowerModelSource implements PowerSource {

  private final BusyIntervals busy;
  private final double idleMilliwatts;
  private final double activeMilliwatts;
  private long lastMicros = Long.MIN_VALUE;
  private boolean lastBusy;

  PowerModelSource(BusyIntervals busy, DeviceProfile profile) {
    this.busy = busy;
    this.idleMilliwatts = profile.idleMilliwatts();
    this.activeMilliwatts = profile.activeMilliwatts();
  }

  @Override
  public String sensor() {
    return "power-model";
  }

  @Override
  public MeasurementSource source() {
    return MeasurementSource.EMULATED;
  }

  @Override
  public List<PowerSampled.Sample> read(Instant now) {
    long to = BusyIntervals.micros(now);
    List<PowerSampled.Sample> samples = new ArrayList<>();
    if (lastMicros == Long.MIN_VALUE) {
      lastBusy = busy.busyAt(to);
      lastMicros = to;
      samples.add(sample(to, lastBusy));
      return samples;
    }
    if (to <= lastMicros) {
      return samples;
    }
    long from = lastMicros;
    Emitter out = new Emitter(samples, from);
    boolean state = lastBusy;
    List<BusyIntervals.Span> spans = busy.busyBetween(from, to);
    if (state && (spans.isEmpty() || spans.get(0).startMicros() > from)) {
      // The interval that was open at the last read ended before this period began.
      out.emit(from + 1, false);
      state = false;
    }
    for (BusyIntervals.Span span : spans) {
      if (!state) {
        out.emit(span.startMicros(), false);
        out.emit(span.startMicros() + 1, true);
        state = true;
      }
      if (span.endMicros() < to) {
        out.emit(span.endMicros(), true);
        out.emit(span.endMicros() + 1, false);
        state = false;
      }
    }
    out.emit(to, state);
    lastMicros = to;
    lastBusy = state;
    return samples;
  }

  private PowerSampled.Sample sample(long micros, boolean busy) {
    return new PowerSampled.Sample(
        BusyIntervals.instant(micros), busy ? activeMilliwatts : idleMilliwatts);
  }

  /** Appends samples in strictly increasing time, dropping any not after the last one. */
  private final class Emitter {
    private final List<PowerSampled.Sample> samples;
    private long last;

    Emitter(List<PowerSampled.Sample> samples, long last) {
      this.samples = samples;
      this.last = last;
    }

    void emit(long micros, boolean busy) {
      if (micros > last) {
        samples.add(sample(micros, busy));
        last = micros;
      }
    }
  }
}
