package io.inferedge.policy.store;

import io.inferedge.policy.PolicyProperties;
import io.inferedge.policy.profile.Profile;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The measured profile the stored policies must fit: the configured file, else the shipped one. */
@Configuration(proxyBeanMethods = false)
class PolicyStoreConfiguration {

  @Bean
  Profile profile(PolicyProperties properties) {
    return properties.profile().isBlank()
        ? Profile.measured()
        : Profile.read(Path.of(properties.profile()));
  }
}
