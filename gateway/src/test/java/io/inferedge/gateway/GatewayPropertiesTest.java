package io.inferedge.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewayPropertiesTest {

  static final URI URL = URI.create("http://localhost:1");

  @Test
  void defaultPlanIsParsed() {
    var properties = properties(URL, "small/c2/r48/s2");

    assertThat(properties.fallbackPlan().configId()).isEqualTo("small/c2/r48/s2");
  }

  @Test
  void malformedDefaultPlanIsRefusedAtStartUp() {
    assertThatThrownBy(() -> properties(URL, "nano/c3/r63/s1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("inputResolution");
  }

  @Test
  void relativeUrlIsRefused() {
    assertThatThrownBy(() -> properties(URI.create("/api"), "nano/c3/r64/s1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("policyUrl");
  }

  private static GatewayProperties properties(URI policyUrl, String defaultPlan) {
    return new GatewayProperties(
        policyUrl,
        URL,
        URL,
        defaultPlan,
        Duration.ofSeconds(1),
        Duration.ofMillis(500),
        Duration.ofSeconds(10));
  }
}
