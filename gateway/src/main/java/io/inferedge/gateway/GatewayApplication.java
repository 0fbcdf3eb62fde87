package io.inferedge.gateway;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The HTTP entry of Infer-EDGE: decides a plan for each frame, sends the frame to the device tier
 * and proxies the telemetry and policy APIs, all behind API keys.
 */
// No user store: callers authenticate with API keys (see security.SecurityConfiguration). Without
// this exclusion Boot would create one with a generated password and print it to the log.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayApplication {

  public static void main(String[] args) {
    SpringApplication.run(GatewayApplication.class, args);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
