package io.inferedge.telemetry.query;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/** The validated query parameters of the aggregate endpoints; absent ones are null. */
final class Queries {

  static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
  static final String ID_MESSAGE =
      "must be 1-64 characters of [A-Za-z0-9._-] starting with a letter or digit";
  static final String MODEL = "[a-z0-9][a-z0-9_-]{0,31}";

  private Queries() {}

  /** {@code GET /api/v1/profiles}: a window, optional filters, a page of configurations. */
  record Profiles(
      Instant from,
      Instant to,
      @Pattern(regexp = ID, message = "streamId " + ID_MESSAGE) String streamId,
      @Pattern(regexp = ID, message = "deviceId " + ID_MESSAGE) String deviceId,
      @Pattern(regexp = MODEL, message = "modelVersion must be 1-32 characters of [a-z0-9_-]")
          String modelVersion,
      @Pattern(regexp = ID, message = "link " + ID_MESSAGE) String link,
      @Min(value = 0, message = "page must be >= 0") Integer page,
      @Min(value = 1, message = "size must be >= 1") Integer size) {}

  /** {@code GET /api/v1/streams}: a window, an optional device, a page of streams. */
  record Streams(
      Instant from,
      Instant to,
      @Pattern(regexp = ID, message = "deviceId " + ID_MESSAGE) String deviceId,
      @Min(value = 0, message = "page must be >= 0") Integer page,
      @Min(value = 1, message = "size must be >= 1") Integer size) {}

  /** {@code GET /api/v1/streams/{streamId}}: a window. */
  record Summary(Instant from, Instant to) {}

  /** {@code GET /api/v1/streams/{streamId}/series}: a window, a bucket width, a page of buckets. */
  record Series(
      Instant from,
      Instant to,
      String bucket,
      @Min(value = 0, message = "page must be >= 0") Integer page,
      @Min(value = 1, message = "size must be >= 1") Integer size) {}
}
