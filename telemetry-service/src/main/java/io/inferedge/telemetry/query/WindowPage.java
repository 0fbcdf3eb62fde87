package io.inferedge.telemetry.query;

import java.time.Instant;
import java.util.List;

/**
 * One page of an aggregate over the time window {@code [from, to)} of the frames' times.
 *
 * @param content the items of this page, at most {@code size}
 * @param page the zero-based page number asked for
 * @param size the page size asked for
 * @param totalElements how many items the whole query has
 */
record WindowPage<T>(
    Instant from, Instant to, List<T> content, int page, int size, long totalElements) {

  WindowPage {
    content = List.copyOf(content);
  }
}
