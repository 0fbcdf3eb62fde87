package io.inferedge.inference.tier;

import io.inferedge.support.security.KeyHashes;

/**
 * The secret the two tiers share ({@code infer-edge.inference.tier-secret}, e.g. from the {@code
 * TIER_SECRET} environment variable): the device tier sends it with every tensor in {@value
 * #HEADER}, the server tier refuses tensors without it. Kept out of {@code InferenceProperties} so
 * that no {@code toString} of the settings can print it; this class's own {@code toString} hides
 * it. Immutable and thread-safe.
 */
public final class TierSecret {

  /** The header that carries the secret from the device tier to the server tier. */
  public static final String HEADER = "X-Tier-Secret";

  private final String value;

  /** The secret, or none when {@code value} is null or blank. */
  public TierSecret(String value) {
    this.value = value == null || value.isBlank() ? null : value.trim();
  }

  /** Whether a secret is configured. */
  public boolean isConfigured() {
    return value != null;
  }

  /** Whether {@code presented} is the secret, compared in constant time; false with none set. */
  public boolean matches(String presented) {
    return KeyHashes.sameSecret(presented, value);
  }

  /** The secret, to put in {@value #HEADER}; null when none is configured. */
  String value() {
    return value;
  }

  @Override
  public String toString() {
    return isConfigured() ? "TierSecret[set]" : "TierSecret[none]";
  }
}
