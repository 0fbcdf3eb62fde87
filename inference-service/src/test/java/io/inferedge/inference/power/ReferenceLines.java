package io.inferedge.inference.power;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The reference tegrastats lines, verbatim from test resources {@code tegrastats/*.txt}. */
final class ReferenceLines {

  static final String AGX_ORIN_JP72 = "agx-orin-jp72.txt";
  static final String NANO_JP461 = "nano-jp461.txt";
  static final String ORIN_NANO_JP6 = "orin-nano-jp6.txt";
  static final String XAVIER_NX_JP411 = "xavier-nx-jp411.txt";
  static final String XAVIER_NX_JP512 = "xavier-nx-jp512.txt";

  private ReferenceLines() {}

  /** The file's one line, without its line ending. */
  static String line(String file) {
    try (InputStream in = ReferenceLines.class.getResourceAsStream("/tegrastats/" + file)) {
      if (in == null) {
        throw new IllegalStateException("no test resource tegrastats/" + file);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
