package io.inferedge.inference.power;

import java.time.LocalDateTime;
import java.util.List;

/**
 * The power part of one {@code tegrastats} line.
 *
 * @param printedAt the board's local time printed at the start of the line (JetPack 5+), to the
 *     second, or null when the line has none (JetPack 4)
 * @param rails every power rail on the line with its current (not average or peak) power, in line
 *     order; never empty
 */
record TegrastatsLine(LocalDateTime printedAt, List<RailReading> rails) {

  TegrastatsLine {
    rails = List.copyOf(rails);
    if (rails.isEmpty()) {
      throw new IllegalArgumentException("rails must not be empty");
    }
  }

  /** The board's total power: its total rail, or the sum of the rails where it has none. */
  double totalMilliwatts() {
    return BoardRails.totalMilliwatts(rails);
  }
}
