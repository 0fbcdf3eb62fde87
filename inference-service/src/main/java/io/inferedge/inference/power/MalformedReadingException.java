package io.inferedge.inference.power;

/**
 * A sensor gave something that is not a reading: a {@code tegrastats} line without power rails, a
 * sysfs file that does not hold a number. The sample is skipped; sampling goes on.
 */
final class MalformedReadingException extends RuntimeException {

  private final String text;

  /**
   * @param why what is wrong
   * @param text the line or value as read, for the log
   */
  MalformedReadingException(String why, String text) {
    super(why);
    this.text = text;
  }

  /** The offending line or value, as read. */
  String text() {
    return text;
  }
}
