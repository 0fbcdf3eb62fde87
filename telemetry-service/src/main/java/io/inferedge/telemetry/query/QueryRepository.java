package io.inferedge.telemetry.query;

import io.inferedge.contracts.Plan;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The aggregate queries over {@code outcome}: per configuration, per stream, per time bucket. Every
 * query is bounded by a window of the frames' times (indexed) and paged. Thread-safe (stateless
 * over a pooled {@link JdbcClient}).
 */
@Component
final class QueryRepository {

  private static final String STATS =
      """
      count(*) AS frames,
      percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_micros) AS latency_p50,
      percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_micros) AS latency_p95,
      avg(latency_micros)::float8 AS latency_mean,
      count(correct) AS labelled,
      count(*) FILTER (WHERE correct) AS correct_frames,
      avg(device_energy_mj) AS energy_mean,
      avg(compute_energy_mj) AS compute_mean,
      avg(radio_energy_mj) AS radio_mean,
      coalesce(sum(device_energy_mj), 0) AS energy_total,
      sum(device_energy_mj) FILTER (WHERE correct IS NOT NULL) AS labelled_energy,
      count(*) FILTER (WHERE energy_source = 'MEASURED') AS measured
      """;

  private final JdbcClient jdbc;

  QueryRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A WHERE clause over the window and the given equality filters (null ones left out). */
  private record Filter(String where, Map<String, Object> params) {
    static Filter of(Window window, Map<String, String> equal) {
      var params = new LinkedHashMap<String, Object>();
      params.put("from", window.from().atOffset(ZoneOffset.UTC));
      params.put("to", window.to().atOffset(ZoneOffset.UTC));
      var where = new StringBuilder("occurred_at >= :from AND occurred_at < :to");
      equal.forEach(
          (column, value) -> {
            if (value != null) {
              where.append(" AND ").append(column).append(" = :").append(column);
              params.put(column, value);
            }
          });
      return new Filter(where.toString(), params);
    }
  }

  WindowPage<ConfigurationProfile> profiles(
      Window window, String streamId, String deviceId, String modelVersion, String link) {
    var equal = new LinkedHashMap<String, String>();
    equal.put("stream_id", streamId);
    equal.put("device_id", deviceId);
    equal.put("model_version", modelVersion);
    equal.put("link_profile", link);
    Filter filter = Filter.of(window, equal);
    List<ConfigurationProfile> content =
        jdbc.sql(
                "SELECT config_id, min(model_version) AS model_version, min(cut_point) AS"
                    + " cut_point, min(input_resolution) AS input_resolution, min(frame_skip) AS"
                    + " frame_skip, "
                    + STATS
                    + " FROM outcome WHERE "
                    + filter.where()
                    + " GROUP BY config_id ORDER BY config_id LIMIT :limit OFFSET :offset")
            .params(filter.params())
            .param("limit", window.size())
            .param("offset", window.offset())
            .query(
                (rs, i) ->
                    new ConfigurationProfile(
                        rs.getString("config_id"),
                        // the config id is the plan's full identity, precision included
                        Plan.parse(rs.getString("config_id")),
                        stats(rs)))
            .list();
    long total =
        jdbc.sql("SELECT count(DISTINCT config_id) FROM outcome WHERE " + filter.where())
            .params(filter.params())
            .query(Long.class)
            .single();
    return window.page(content, total);
  }

  WindowPage<StreamSummary> streams(Window window, String deviceId) {
    var equal = new LinkedHashMap<String, String>();
    equal.put("device_id", deviceId);
    Filter filter = Filter.of(window, equal);
    List<StreamSummary> content =
        jdbc.sql(
                "SELECT stream_id, min(occurred_at) AS first_at, max(occurred_at) AS last_at,"
                    + " count(DISTINCT config_id) AS configurations, "
                    + STATS
                    + " FROM outcome WHERE "
                    + filter.where()
                    + " GROUP BY stream_id ORDER BY stream_id LIMIT :limit OFFSET :offset")
            .params(filter.params())
            .param("limit", window.size())
            .param("offset", window.offset())
            .query(QueryRepository::summary)
            .list();
    long total =
        jdbc.sql("SELECT count(DISTINCT stream_id) FROM outcome WHERE " + filter.where())
            .params(filter.params())
            .query(Long.class)
            .single();
    return window.page(content, total);
  }

  StreamSummary stream(Window window, String streamId) {
    var equal = new LinkedHashMap<String, String>();
    equal.put("stream_id", streamId);
    Filter filter = Filter.of(window, equal);
    return jdbc.sql(
            "SELECT :stream AS stream_id, min(occurred_at) AS first_at, max(occurred_at) AS"
                + " last_at, count(DISTINCT config_id) AS configurations, "
                + STATS
                + " FROM outcome WHERE "
                + filter.where())
        .params(filter.params())
        .param("stream", streamId)
        .query(QueryRepository::summary)
        .single();
  }

  WindowPage<SeriesBucket> series(Window window, String streamId, Duration bucket) {
    var equal = new LinkedHashMap<String, String>();
    equal.put("stream_id", streamId);
    Filter filter = Filter.of(window, equal);
    // Buckets are aligned to whole multiples of their width since the epoch (10 s buckets start at
    // :00, :10, ...), so the same bucket has the same start whatever the window.
    String start =
        "date_bin(:bucketMicros * interval '1 microsecond', occurred_at, timestamptz 'epoch')";
    List<SeriesBucket> content =
        jdbc.sql(
                "SELECT "
                    + start
                    + " AS bucket_start, "
                    + STATS
                    + " FROM outcome WHERE "
                    + filter.where()
                    + " GROUP BY 1 ORDER BY 1 LIMIT :limit OFFSET :offset")
            .params(filter.params())
            .param("bucketMicros", bucket.toNanos() / 1_000)
            .param("limit", window.size())
            .param("offset", window.offset())
            .query((rs, i) -> new SeriesBucket(instant(rs, "bucket_start"), stats(rs)))
            .list();
    long total =
        jdbc.sql("SELECT count(DISTINCT " + start + ") FROM outcome WHERE " + filter.where())
            .params(filter.params())
            .param("bucketMicros", bucket.toNanos() / 1_000)
            .query(Long.class)
            .single();
    return window.page(content, total);
  }

  private static StreamSummary summary(ResultSet rs, int row) throws SQLException {
    return new StreamSummary(
        rs.getString("stream_id"),
        instant(rs, "first_at"),
        instant(rs, "last_at"),
        rs.getLong("configurations"),
        stats(rs));
  }

  private static Stats stats(ResultSet rs) throws SQLException {
    long frames = rs.getLong("frames");
    long labelled = rs.getLong("labelled");
    long correct = rs.getLong("correct_frames");
    long measured = rs.getLong("measured");
    Double labelledEnergy = rs.getObject("labelled_energy", Double.class);
    return new Stats(
        frames,
        rs.getObject("latency_p50", Long.class),
        rs.getObject("latency_p95", Long.class),
        rs.getObject("latency_mean", Double.class),
        labelled,
        labelled == 0 ? null : (double) correct / labelled,
        rs.getObject("energy_mean", Double.class),
        rs.getObject("compute_mean", Double.class),
        rs.getObject("radio_mean", Double.class),
        rs.getDouble("energy_total") / 1_000,
        labelledEnergy == null || labelledEnergy <= 0 ? null : correct / (labelledEnergy / 1_000),
        measured,
        frames == 0
            ? null
            : measured == frames ? "MEASURED" : measured == 0 ? "EMULATED" : "MIXED");
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
