package io.inferedge.telemetry;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * telemetry-service: consumes the platform's telemetry events (inferences, power samples) into
 * PostgreSQL (schema {@code telemetry}), attributes device energy to every frame, publishes the
 * per-frame outcomes, and serves the stored data and its aggregates over HTTP.
 */
@SpringBootApplication
@EnableConfigurationProperties(TelemetryProperties.class)
public class TelemetryApplication {

  public static void main(String[] args) {
    SpringApplication.run(TelemetryApplication.class, args);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
