package io.inferedge.telemetry.query;

import io.inferedge.support.web.BadRequestException;
import io.inferedge.telemetry.TelemetryProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A validated time window {@code [from, to)} and page: {@code to} defaults to now, {@code from} to
 * {@code to} minus the default window; {@code from} must be before {@code to} and the window no
 * wider than the configured maximum.
 */
record Window(Instant from, Instant to, int page, int size) {

  static Window of(
      Instant from,
      Instant to,
      Integer page,
      Integer size,
      TelemetryProperties properties,
      Clock clock) {
    Instant end = to == null ? clock.instant() : to;
    Instant start = from == null ? end.minus(properties.query().defaultWindow()) : from;
    if (!start.isBefore(end)) {
      throw new BadRequestException(
          "from", "from must be before to, was from=" + start + " to=" + end);
    }
    Duration max = properties.query().maxWindow();
    if (Duration.between(start, end).compareTo(max) > 0) {
      throw new BadRequestException(
          "from", "the window from " + start + " to " + end + " is wider than " + max);
    }
    int pageSize = size == null ? properties.defaultPageSize() : size;
    if (pageSize > properties.maxPageSize()) {
      throw new BadRequestException(
          "size", "size must be <= " + properties.maxPageSize() + ", was " + pageSize);
    }
    return new Window(start, end, page == null ? 0 : page, pageSize);
  }

  long offset() {
    return (long) page * size;
  }

  <T> WindowPage<T> page(java.util.List<T> content, long total) {
    return new WindowPage<>(from, to, content, page, size, total);
  }
}
