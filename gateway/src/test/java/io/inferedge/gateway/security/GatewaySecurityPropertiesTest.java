package io.inferedge.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Validation of the security settings: hashes only, never echoing what was configured. */
class GatewaySecurityPropertiesTest {

  static final String HASH = "3e26bfd32a07215d019023b4891bef32091eaedd2b38b24018a1ae41319d1130";
  static final GatewaySecurityProperties.RateLimit LIMIT =
      new GatewaySecurityProperties.RateLimit(300, 600);
  static final DataSize SIZE = DataSize.ofMegabytes(1);

  @Test
  void aKeyPastedWhereItsHashBelongsIsRefusedWithoutEchoingIt() {
    String key = "ie_this-is-a-key-not-a-hash";
    assertThatThrownBy(() -> new GatewaySecurityProperties(key, Map.of(), LIMIT, SIZE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("adminKeyHash")
        .message()
        .doesNotContain(key);
    assertThatThrownBy(() -> new GatewaySecurityProperties(null, Map.of("cam", key), LIMIT, SIZE))
        .hasMessageStartingWith("apiKeys.cam")
        .message()
        .doesNotContain(key);
  }

  @Test
  void hashesAreNormalisedAndBlankEntriesAreUnset() {
    var properties =
        new GatewaySecurityProperties(
            " " + HASH.toUpperCase() + " ",
            Map.of("cam", HASH.toUpperCase(), "unset", ""),
            LIMIT,
            SIZE);
    assertThat(properties.adminKeyHash()).isEqualTo(HASH);
    assertThat(properties.apiKeys()).containsOnlyKeys("cam").containsEntry("cam", HASH);
    assertThat(new GatewaySecurityProperties("", null, LIMIT, SIZE).adminKeyHash()).isNull();
  }

  @Test
  void theBucketRefillsBurstPermitsEveryBurstOverRateSeconds() {
    assertThat(new GatewaySecurityProperties.RateLimit(20, 40).refreshPeriod())
        .isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(() -> new GatewaySecurityProperties.RateLimit(0, 10))
        .hasMessageStartingWith("permitsPerSecond");
    assertThatThrownBy(() -> new GatewaySecurityProperties.RateLimit(10, 0))
        .hasMessageStartingWith("burst");
  }

  @Test
  void theRequestSizeLimitPerKeyIsAtLeastOneByte() {
    assertThatThrownBy(() -> new GatewaySecurityProperties(null, null, LIMIT, DataSize.ofBytes(0)))
        .hasMessageStartingWith("maxRequestSize");
  }
}
