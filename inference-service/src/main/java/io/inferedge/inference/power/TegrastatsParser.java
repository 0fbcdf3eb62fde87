package io.inferedge.inference.power;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the power rails out of a {@code tegrastats} line, in every format of the reference lines
 * (../shared/reference/tegrastats): bare milliwatts ({@code POM_5V_IN 1750/1628}, JetPack 4), an
 * {@code mW} suffix ({@code VDD_IN 5704mW/5704mW}, JetPack 5+), three values per rail ({@code
 * current/average/peak}, JetPack 7), with or without a leading {@code MM-dd-yyyy HH:mm:ss} time.
 * All values of a rail carry the same unit. The first value of a rail is its current power and the
 * one used.
 *
 * <p>A rail is a token of capitals, digits and underscores followed by such values. Everything else
 * on the line (RAM, CPU loads, frequencies, temperatures) is ignored. A line is malformed when it
 * has no rail at all, or when a rail's value is broken (it mentions {@code mW}, or belongs to a
 * board-total rail, but does not parse): summing the other rails would silently report less than
 * the board draws. Stateless and thread-safe.
 */
final class TegrastatsParser {

  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
  private static final Pattern VALUES =
      Pattern.compile("(\\d{1,9})(mW)?/(\\d{1,9})(mW)?(?:/(\\d{1,9})(mW)?)?");
  private static final Pattern TIMESTAMP =
      Pattern.compile("^(\\d{2}-\\d{2}-\\d{4} \\d{2}:\\d{2}:\\d{2})\\s");
  private static final DateTimeFormatter PRINTED =
      DateTimeFormatter.ofPattern("MM-dd-yyyy HH:mm:ss");

  private TegrastatsParser() {}

  /**
   * @throws MalformedReadingException when the line holds no power rail or a broken one
   */
  static TegrastatsLine parse(String line) {
    if (line == null || line.isBlank()) {
      throw new MalformedReadingException("the tegrastats line is empty", String.valueOf(line));
    }
    String text = line.strip();
    LocalDateTime printedAt = null;
    Matcher time = TIMESTAMP.matcher(text);
    if (time.find()) {
      try {
        printedAt = LocalDateTime.parse(time.group(1), PRINTED);
      } catch (DateTimeParseException e) {
        throw new MalformedReadingException(
            "the tegrastats line starts with an impossible time '" + time.group(1) + "'", line);
      }
      text = text.substring(time.end());
    }
    String[] tokens = text.split("\\s+");
    List<RailReading> rails = new ArrayList<>();
    for (int i = 0; i + 1 < tokens.length; i++) {
      String name = tokens[i];
      if (!NAME.matcher(name).matches()) {
        continue;
      }
      String value = tokens[i + 1];
      Matcher values = VALUES.matcher(value);
      if (values.matches() && sameUnit(values)) {
        rails.add(new RailReading(name, Long.parseLong(values.group(1))));
        i++;
      } else if (value.contains("mW") || BoardRails.isTotal(name)) {
        throw new MalformedReadingException(
            "rail " + name + " has a malformed value '" + value + "'", line);
      }
    }
    if (rails.isEmpty()) {
      throw new MalformedReadingException("the tegrastats line has no power rail", line);
    }
    return new TegrastatsLine(printedAt, rails);
  }

  /** All values of a rail bare, or all with {@code mW}: a mix is a truncated or garbled value. */
  private static boolean sameUnit(Matcher values) {
    String unit = values.group(2);
    return java.util.Objects.equals(unit, values.group(4))
        && (values.group(5) == null || java.util.Objects.equals(unit, values.group(6)));
  }
}
