package io.inferedge.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Binding of {@code infer-edge.telemetry}. */
class TelemetryPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(TelemetryProperties.class)
  static class Config {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Config.class);

  @Test
  void defaults() {
    runner.run(
        context -> {
          var properties = context.getBean(TelemetryProperties.class);
          assertThat(properties.maxPageSize()).isEqualTo(500);
          assertThat(properties.defaultPageSize()).isEqualTo(50);
        });
  }

  @Test
  void aDefaultPageSizeAboveTheMaximumFailsStartUp() {
    runner
        .withPropertyValues(
            "infer-edge.telemetry.max-page-size=10", "infer-edge.telemetry.default-page-size=20")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("defaultPageSize"));
  }
}
