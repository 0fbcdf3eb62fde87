package io.inferedge.gateway.security;

import io.inferedge.support.security.KeyHashes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Security settings of the gateway, under {@code infer-edge.gateway.security}. Only hashes of keys
 * are configured (hex SHA-256, see {@link KeyHashes}): the keys themselves never enter the
 * configuration, the repository or the logs.
 *
 * @param adminKeyHash SHA-256 of the admin key, which issues and revokes API keys and opens the
 *     actuator beyond health; none (the default) disables both
 * @param apiKeys API keys provisioned from configuration, by name to SHA-256 (e.g. {@code
 *     infer-edge.gateway.security.api-keys.demo=<sha256>}; blank entries are ignored); revoked by
 *     removing them here. Keys issued through {@code /api/v1/admin/api-keys} come on top.
 * @param rateLimit the request rate each key may use
 * @param maxRequestSize the largest request body an API key may send (413 above it), unless the key
 *     was issued with a limit of its own; the global limit ({@code
 *     infer-edge.support.max-request-size}) applies first to every request, the admin key's too
 */
@ConfigurationProperties("infer-edge.gateway.security")
public record GatewaySecurityProperties(
    String adminKeyHash,
    Map<String, String> apiKeys,
    @DefaultValue RateLimit rateLimit,
    @DefaultValue("1MB") DataSize maxRequestSize) {

  public GatewaySecurityProperties {
    if (maxRequestSize == null || maxRequestSize.toBytes() < 1) {
      throw new IllegalArgumentException(
          "maxRequestSize must be at least 1B, was " + maxRequestSize);
    }
    adminKeyHash =
        adminKeyHash == null || adminKeyHash.isBlank()
            ? null
            : KeyHashes.requireHash("adminKeyHash", adminKeyHash);
    var keys = new LinkedHashMap<String, String>();
    if (apiKeys != null) {
      apiKeys.forEach(
          (name, hash) -> {
            // A blank entry is an unset placeholder (api-keys.default: ${API_KEY_HASH:}).
            if (hash != null && !hash.isBlank()) {
              keys.put(name, KeyHashes.requireHash("apiKeys." + name, hash));
            }
          });
    }
    apiKeys = Map.copyOf(keys);
  }

  /**
   * A token bucket per key (Resilience4j {@code RateLimiter}): {@code burst} permits, refilled all
   * at once every {@code burst / permitsPerSecond} seconds, so the long-run rate is {@code
   * permitsPerSecond} and a quiet key may spend {@code burst} requests at once. A request over the
   * limit is a 429 with {@code Retry-After}; it is never queued.
   *
   * @param permitsPerSecond the sustained request rate allowed per key, > 0
   * @param burst the requests a key may send at once, >= 1
   */
  public record RateLimit(
      @DefaultValue("300") double permitsPerSecond, @DefaultValue("600") int burst) {

    public RateLimit {
      if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
        throw new IllegalArgumentException(
            "permitsPerSecond must be a finite number > 0, was " + permitsPerSecond);
      }
      if (burst < 1) {
        throw new IllegalArgumentException("burst must be >= 1, was " + burst);
      }
    }

    /** How often the bucket is refilled with {@code burst} permits. */
    java.time.Duration refreshPeriod() {
      return java.time.Duration.ofNanos(Math.max(1_000L, (long) (burst / permitsPerSecond * 1e9)));
    }
  }
}
