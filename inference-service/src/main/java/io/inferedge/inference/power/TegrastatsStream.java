package io.inferedge.inference.power;

import io.inferedge.contracts.PowerSampled;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns the lines {@code tegrastats} prints into samples of the board's total power, stamped with
 * the clock when the line is read (the time printed on JetPack 5+ lines has one-second resolution
 * and the board's local zone, so it only serves as a check). A malformed line is reported and
 * skipped; the stream goes on. Not thread-safe: one reader thread pumps a stream.
 */
final class TegrastatsStream {

  private final Clock clock;
  private final MalformedReadings malformed;
  private final Consumer<List<PowerSampled.Sample>> sink;

  TegrastatsStream(
      Clock clock, MalformedReadings malformed, Consumer<List<PowerSampled.Sample>> sink) {
    this.clock = clock;
    this.malformed = malformed;
    this.sink = sink;
  }

  /** Handles one line. */
  void accept(String line) {
    TegrastatsLine parsed;
    try {
      parsed = TegrastatsParser.parse(line);
    } catch (MalformedReadingException e) {
      malformed.report(e);
      return;
    }
    sink.accept(List.of(new PowerSampled.Sample(clock.instant(), parsed.totalMilliwatts())));
  }

  /** Handles every line until the end of the stream. */
  void pump(BufferedReader lines) throws IOException {
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      accept(line);
    }
  }
}
