package io.inferedge.inference;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The inference service: loads the model zoo (every signature of every model) with DJL and
 * TensorFlow once, then plays one tier, chosen by {@code infer-edge.inference.role}. As the device
 * tier it executes plans for frames, runs the head of split plans here and their tails on its
 * server tier over HTTP, and publishes one {@code inference.completed} record per frame; as the
 * server tier it runs the tails of many devices' tensors in dynamic batches.
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
