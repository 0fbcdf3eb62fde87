package io.inferedge.telemetry.power;

import io.inferedge.contracts.PowerSampled;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The {@code power_batch} and {@code power_sample} tables. A poll's batches are stored in one
 * statement: the batch rows are inserted first, idempotent on the event id, and only the samples of
 * the batches that were new follow them, so a redelivered batch stores nothing. The rows travel as
 * a handful of array parameters ({@code unnest}), whatever their number. Thread-safe (stateless
 * over a pooled {@link JdbcClient}).
 */
@Component
public final class PowerRepository {

  /** Batches per statement; their samples go in the same statement. */
  static final int BATCHES_PER_STATEMENT = 2_000;

  private static final String INSERT =
      """
      WITH fresh AS (
        INSERT INTO power_batch (event_id, occurred_at, device_id, source, sensor, sample_count,
                                 first_sampled_at, last_sampled_at)
        SELECT b.event_id::uuid, micros_to_timestamptz(b.occurred), b.device_id, b.source, b.sensor, b.sample_count,
               micros_to_timestamptz(b.first_at), micros_to_timestamptz(b.last_at)
        FROM unnest(:batchIds::text[], :batchOccurred::bigint[], :batchDevices::text[],
                    :batchSources::text[], :batchSensors::text[], :batchCounts::int[],
                    :batchFirst::bigint[], :batchLast::bigint[])
             AS b(event_id, occurred, device_id, source, sensor, sample_count, first_at, last_at)
        ON CONFLICT (event_id) DO NOTHING
        RETURNING event_id)
      INSERT INTO power_sample (device_id, sampled_at, power_mw, source, batch_event_id)
      SELECT s.device_id, micros_to_timestamptz(s.sampled), s.power_mw, s.source, s.batch_id::uuid
      FROM unnest(:sampleDevices::text[], :sampleAt::bigint[], :samplePower::float8[],
                  :sampleSources::text[], :sampleBatches::text[])
           AS s(device_id, sampled, power_mw, source, batch_id)
      WHERE s.batch_id::uuid IN (SELECT event_id FROM fresh)
      ON CONFLICT (device_id, sampled_at) DO NOTHING
      """;

  private final JdbcClient jdbc;
  private final TransactionOperations transactions;

  public PowerRepository(JdbcClient jdbc, TransactionOperations transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  /**
   * Stores the batches in one transaction, skipping any whose {@code eventId} is already stored or
   * repeated within {@code batches}, and any sample whose device and time are already stored.
   *
   * @return how many samples were inserted
   */
  public int storeAll(List<PowerSampled> batches) {
    if (batches.isEmpty()) {
      return 0;
    }
    Integer stored =
        transactions.execute(
            status -> {
              int inserted = 0;
              for (int from = 0; from < batches.size(); from += BATCHES_PER_STATEMENT) {
                inserted +=
                    insert(
                        batches.subList(
                            from, Math.min(batches.size(), from + BATCHES_PER_STATEMENT)));
              }
              return inserted;
            });
    return stored == null ? 0 : stored;
  }

  private int insert(List<PowerSampled> batches) {
    int n = batches.size();
    String[] ids = new String[n];
    long[] occurred = new long[n];
    String[] devices = new String[n];
    String[] sources = new String[n];
    String[] sensors = new String[n];
    int[] counts = new int[n];
    long[] first = new long[n];
    long[] last = new long[n];
    int samples = batches.stream().mapToInt(b -> b.samples().size()).sum();
    String[] sampleDevices = new String[samples];
    long[] sampleAt = new long[samples];
    double[] power = new double[samples];
    String[] sampleSources = new String[samples];
    String[] sampleBatches = new String[samples];
    int j = 0;
    for (int i = 0; i < n; i++) {
      PowerSampled batch = batches.get(i);
      ids[i] = batch.eventId().toString();
      occurred[i] = micros(batch.occurredAt());
      devices[i] = batch.deviceId();
      sources[i] = batch.source().name();
      sensors[i] = batch.sensor();
      counts[i] = batch.samples().size();
      first[i] = micros(batch.samples().get(0).sampledAt());
      last[i] = micros(batch.samples().get(batch.samples().size() - 1).sampledAt());
      for (PowerSampled.Sample sample : batch.samples()) {
        sampleDevices[j] = batch.deviceId();
        sampleAt[j] = micros(sample.sampledAt());
        power[j] = sample.powerMilliwatts();
        sampleSources[j] = sources[i];
        sampleBatches[j] = ids[i];
        j++;
      }
    }
    return jdbc.sql(INSERT)
        .param("batchIds", ids)
        .param("batchOccurred", occurred)
        .param("batchDevices", devices)
        .param("batchSources", sources)
        .param("batchSensors", sensors)
        .param("batchCounts", counts)
        .param("batchFirst", first)
        .param("batchLast", last)
        .param("sampleDevices", sampleDevices)
        .param("sampleAt", sampleAt)
        .param("samplePower", power)
        .param("sampleSources", sampleSources)
        .param("sampleBatches", sampleBatches)
        .update();
  }

  /** Microseconds since the epoch, the resolution of {@code timestamptz}. */
  static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }

  /** How many batches are stored (for tests and the benchmark). */
  public long countBatches() {
    return jdbc.sql("SELECT count(*) FROM power_batch").query(Long.class).single();
  }
}
