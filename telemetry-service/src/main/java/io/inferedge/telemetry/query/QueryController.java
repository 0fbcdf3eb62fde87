package io.inferedge.telemetry.query;

import io.inferedge.support.web.BadRequestException;
import io.inferedge.telemetry.TelemetryProperties;
import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The trade-off table and its views over a time window of frames ({@code from}, {@code to}:
 * ISO-8601 instants; by default the last hour):
 *
 * <ul>
 *   <li>{@code GET /api/v1/profiles}: per configuration, frames, latency p50/p95, accuracy, energy
 *       per frame, correct frames per joule; filters {@code streamId}, {@code deviceId}, {@code
 *       modelVersion}, {@code link};
 *   <li>{@code GET /api/v1/streams}: the same per stream (filter {@code deviceId});
 *   <li>{@code GET /api/v1/streams/{streamId}}: one stream's summary;
 *   <li>{@code GET /api/v1/streams/{streamId}/series?bucket=10s}: one stream in time buckets,
 *       aligned to multiples of the width since the epoch (buckets without frames are left out).
 * </ul>
 *
 * Every list is paged ({@code page}, {@code size}); every parameter is validated, and a bad one is
 * a 400 problem body naming it.
 */
@RestController
@RequestMapping("/api/v1")
final class QueryController {

  private static final String STREAM_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  private final QueryRepository repository;
  private final TelemetryProperties properties;
  private final Clock clock;

  QueryController(QueryRepository repository, TelemetryProperties properties, Clock clock) {
    this.repository = repository;
    this.properties = properties;
    this.clock = clock;
  }

  @GetMapping("/profiles")
  WindowPage<ConfigurationProfile> profiles(@Valid Queries.Profiles query) {
    Window window =
        Window.of(query.from(), query.to(), query.page(), query.size(), properties, clock);
    return repository.profiles(
        window, query.streamId(), query.deviceId(), query.modelVersion(), query.link());
  }

  @GetMapping("/streams")
  WindowPage<StreamSummary> streams(@Valid Queries.Streams query) {
    Window window =
        Window.of(query.from(), query.to(), query.page(), query.size(), properties, clock);
    return repository.streams(window, query.deviceId());
  }

  @GetMapping("/streams/{streamId}")
  StreamSummary stream(@PathVariable String streamId, @Valid Queries.Summary query) {
    Window window = Window.of(query.from(), query.to(), 0, 1, properties, clock);
    return repository.stream(window, validStreamId(streamId));
  }

  @GetMapping("/streams/{streamId}/series")
  WindowPage<SeriesBucket> series(@PathVariable String streamId, @Valid Queries.Series query) {
    Window window =
        Window.of(query.from(), query.to(), query.page(), query.size(), properties, clock);
    Duration bucket = bucket(query.bucket(), window);
    return repository.series(window, validStreamId(streamId), bucket);
  }

  private static String validStreamId(String streamId) {
    if (!streamId.matches(STREAM_ID)) {
      throw new BadRequestException(
          "streamId",
          "streamId must be 1-64 characters of [A-Za-z0-9._-] starting with a letter or digit");
    }
    return streamId;
  }

  /** The bucket width: {@code 10s}, {@code 1m}, {@code PT5M}...; by default a minute. */
  private Duration bucket(String text, Window window) {
    Duration bucket;
    try {
      bucket = text == null ? Duration.ofMinutes(1) : DurationStyle.detectAndParse(text);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          "bucket", "bucket must be a duration such as 10s, 1m or PT5M, was '" + text + "'", e);
    }
    if (bucket.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new BadRequestException("bucket", "bucket must be >= 1s, was " + bucket);
    }
    long buckets = Duration.between(window.from(), window.to()).dividedBy(bucket) + 1;
    if (buckets > properties.query().maxBuckets()) {
      throw new BadRequestException(
          "bucket",
          "bucket "
              + bucket
              + " splits the window into "
              + buckets
              + " buckets, more than "
              + properties.query().maxBuckets());
    }
    return bucket;
  }
}
