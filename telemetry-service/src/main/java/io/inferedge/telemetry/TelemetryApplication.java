package io.inferedge.telemetry;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * telemetry-service: consumes the platform's telemetry events into PostgreSQL (schema {@code
 * telemetry}) and serves them over HTTP.
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
