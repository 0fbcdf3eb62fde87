package io.inferedge.inference;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The inference service: loads the model zoo with DJL and TensorFlow once, executes plans for
 * frames on this tier and publishes one {@code inference.completed} record per frame.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InferenceApplication {

  public static void main(String[] args) {
    SpringApplication.run(InferenceApplication.class, args);
  }

  /** Stamps the device compute interval; tests replace it with a fixed clock. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
