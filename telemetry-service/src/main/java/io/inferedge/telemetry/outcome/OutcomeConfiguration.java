package io.inferedge.telemetry.outcome;

import io.inferedge.telemetry.PeriodicJob;
import io.inferedge.telemetry.TelemetryProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Runs the {@link OutcomeJob} every {@code infer-edge.telemetry.outcomes.interval}. */
@Configuration(proxyBeanMethods = false)
class OutcomeConfiguration {

  @Bean
  @ConditionalOnProperty(
      name = "infer-edge.telemetry.outcomes.enabled",
      havingValue = "true",
      matchIfMissing = true)
  PeriodicJob outcomeJobSchedule(OutcomeJob job, TelemetryProperties properties) {
    return new PeriodicJob("telemetry-outcomes", properties.outcomes().interval(), job::run);
  }
}
