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
          assertThat(properties.listenerConcurrency()).isEqualTo(3);
          assertThat(properties.outcomes().enabled()).isTrue();
          assertThat(properties.outcomes().maxWait()).isEqualTo(java.time.Duration.ofSeconds(10));
          assertThat(properties.outcomes().fallbackMilliwatts()).isEqualTo(6_470);
          assertThat(properties.retention().days()).isEqualTo(30);
          assertThat(properties.retention().age()).isEqualTo(java.time.Duration.ofDays(30));
          assertThat(properties.query().maxBuckets()).isEqualTo(10_000);
        });
  }

  @Test
  void retentionDaysAndTheOutcomeWaitComeFromConfiguration() {
    runner
        .withPropertyValues(
            "infer-edge.telemetry.retention.days=7", "infer-edge.telemetry.outcomes.max-wait=3s")
        .run(
            context -> {
              var properties = context.getBean(TelemetryProperties.class);
              assertThat(properties.retention().days()).isEqualTo(7);
              assertThat(properties.outcomes().maxWait())
                  .isEqualTo(java.time.Duration.ofSeconds(3));
            });
  }

  @Test
  void aRetentionOfZeroDaysFailsStartUp() {
    runner
        .withPropertyValues("infer-edge.telemetry.retention.days=0")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("retention.days"));
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
