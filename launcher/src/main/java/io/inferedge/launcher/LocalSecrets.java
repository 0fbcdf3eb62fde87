package io.inferedge.launcher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The local mode's development credentials, generated at each start (none is stored in the
 * repository or on disk): the admin key, one API key for the demo and the tier secret. The services
 * get them through their environment, the keys as SHA-256 hashes only (the form the gateway and the
 * actuator filter keep), the tier secret as is (the device tier must send it). {@link LocalMode}
 * prints them once to the console; {@link #toString()} hides them. Immutable.
 *
 * @param adminKey opens the admin API and the actuator beyond health
 * @param apiKey the demo client's key for the gateway's public API
 * @param tierSecret shared by the device and the server tier
 */
record LocalSecrets(String adminKey, String apiKey, String tierSecret) {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Fresh credentials, each 256 random bits (the services' own key format, {@code ie_...}). */
  static LocalSecrets generate() {
    return new LocalSecrets(randomKey(), randomKey(), randomKey());
  }

  /** Environment of every service: the admin key's hash (actuator, gateway admin API). */
  Map<String, String> serviceEnvironment() {
    return Map.of("ADMIN_KEY_HASH", sha256(adminKey));
  }

  /** Environment of the gateway: the demo API key's hash, accepted as the key named default. */
  Map<String, String> gatewayEnvironment() {
    return Map.of("API_KEY_HASH", sha256(apiKey));
  }

  /** Environment of both inference tiers: the tier secret. */
  Map<String, String> tierEnvironment() {
    return Map.of("TIER_SECRET", tierSecret);
  }

  /** The lines the local mode prints once, to the console only. */
  String render() {
    return "\n=== local credentials (generated at this start, shown once, not logged) ===\n"
        + "admin key   "
        + adminKey
        + "   (X-API-Key on /api/v1/admin/** and /actuator/*)\n"
        + "API key     "
        + apiKey
        + "   (X-API-Key on the gateway's /api/v1/**)\n"
        + "tier secret "
        + tierSecret
        + "   (X-Tier-Secret, device tier -> server tier)\n";
  }

  @Override
  public String toString() {
    return "LocalSecrets[hidden]";
  }

  static String sha256(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String randomKey() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "ie_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
