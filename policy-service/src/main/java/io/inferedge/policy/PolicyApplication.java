package io.inferedge.policy;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * policy-service: decides plans for streams, keeps the decision log and the experience buffer of
 * outcomes in PostgreSQL (schema {@code policy}) and, later, trains and publishes the A2C policy.
 */
@SpringBootApplication
@EnableConfigurationProperties(PolicyProperties.class)
public class PolicyApplication {

  public static void main(String[] args) {
    SpringApplication.run(PolicyApplication.class, args);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
