package io.inferedge.gateway.security;

import io.inferedge.support.security.KeyHashes;
import java.time.Instant;

/**
 * One issued API key as the gateway keeps it on {@link io.inferedge.contracts.Topics#API_KEYS}, a
 * compacted topic keyed by {@code keyId}: the hash only, never the key. A revoked key is a
 * tombstone (null value) under its id. Only gateways read this topic, so the record lives here and
 * not in contracts.
 *
 * @param keyId the key's public id, used in the admin API and as the rate limiter's name
 * @param name what the key is for, chosen by the admin
 * @param sha256 hex SHA-256 of the key
 * @param createdAt when it was issued
 * @param maxRequestBytes the largest request body the key may send, or null for the gateway's
 *     default ({@code infer-edge.gateway.security.max-request-size}); records written before the
 *     limit existed have none
 */
public record ApiKeyIssued(
    String keyId, String name, String sha256, Instant createdAt, Long maxRequestBytes) {

  public ApiKeyIssued {
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalArgumentException("keyId must not be blank");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    sha256 = KeyHashes.requireHash("sha256", sha256);
    if (createdAt == null) {
      throw new IllegalArgumentException("createdAt must not be null");
    }
    if (maxRequestBytes != null && maxRequestBytes < 1) {
      throw new IllegalArgumentException("maxRequestBytes must be >= 1, was " + maxRequestBytes);
    }
  }
}
