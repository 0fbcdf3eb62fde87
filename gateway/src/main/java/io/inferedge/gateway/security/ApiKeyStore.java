package io.inferedge.gateway.security;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API keys this gateway accepts, by id and by hash: the ones provisioned from configuration and
 * the ones issued through the admin API (replayed from the compacted topic at start, so that a
 * restart or a second instance knows them). Holds hashes only.
 *
 * <p>A presented key is found by its SHA-256 in a hash map. That lookup is not constant-time, but
 * what it could leak is where a guess's digest differs from stored digests, which says nothing
 * about a 256-bit random key. Thread-safe: concurrent maps read without locks by every request; the
 * writers (the Kafka listener, the admin endpoint) are serialised so both maps change together.
 */
public final class ApiKeyStore {

  /** Where a key comes from: configuration (revoked by changing it) or the admin API. */
  public enum Source {
    CONFIG,
    ISSUED
  }

  /**
   * An accepted key, without the key.
   *
   * @param maxRequestBytes the largest request body the key may send: its own limit, or the default
   */
  public record Entry(
      String id,
      String name,
      String sha256,
      Instant createdAt,
      Source source,
      long maxRequestBytes) {}

  private final Map<String, Entry> byId = new ConcurrentHashMap<>();
  private final Map<String, Entry> byHash = new ConcurrentHashMap<>();
  private final long defaultMaxRequestBytes;

  /**
   * A store holding the configured keys, each with id {@code config:<name>}.
   *
   * @param defaultMaxRequestBytes the request size limit of keys without one of their own
   */
  public ApiKeyStore(
      Map<String, String> configured, long defaultMaxRequestBytes, Instant startedAt) {
    this.defaultMaxRequestBytes = defaultMaxRequestBytes;
    configured.forEach(
        (name, hash) ->
            put(
                new Entry(
                    "config:" + name,
                    name,
                    hash,
                    startedAt,
                    Source.CONFIG,
                    defaultMaxRequestBytes)));
  }

  /** Accepts an issued key (idempotent: replaying the same record changes nothing). */
  public void accept(ApiKeyIssued issued) {
    put(
        new Entry(
            issued.keyId(),
            issued.name(),
            issued.sha256(),
            issued.createdAt(),
            Source.ISSUED,
            issued.maxRequestBytes() == null ? defaultMaxRequestBytes : issued.maxRequestBytes()));
  }

  /** Stops accepting the issued key with this id; false if there is none (or it is configured). */
  public synchronized boolean revoke(String id) {
    Entry entry = byId.get(id);
    if (entry == null || entry.source() != Source.ISSUED) {
      return false;
    }
    byId.remove(id, entry);
    byHash.remove(entry.sha256(), entry);
    return true;
  }

  /** The key whose SHA-256 is {@code sha256}, or null. */
  public Entry findByHash(String sha256) {
    return byHash.get(sha256);
  }

  /** The key with this id, or null. */
  public Entry find(String id) {
    return byId.get(id);
  }

  /** Every accepted key, oldest first. */
  public List<Entry> all() {
    return byId.values().stream()
        .sorted(Comparator.comparing(Entry::createdAt).thenComparing(Entry::id))
        .toList();
  }

  private synchronized void put(Entry entry) {
    Entry previous = byId.put(entry.id(), entry);
    if (previous != null && !previous.sha256().equals(entry.sha256())) {
      byHash.remove(previous.sha256(), previous);
    }
    byHash.put(entry.sha256(), entry);
  }
}
