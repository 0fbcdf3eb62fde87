package io.inferedge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferedge.contracts.Plan;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Binding of {@code infer-edge.policy}. */
class PolicyPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(PolicyProperties.class)
  static class Config {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Config.class);

  @Test
  void defaults() {
    runner.run(
        context -> {
          var properties = context.getBean(PolicyProperties.class);
          assertThat(properties.plan()).isEqualTo(new Plan("nano", 3, 64, 1));
          assertThat(properties.maxPageSize()).isEqualTo(500);
          assertThat(properties.defaultPageSize()).isEqualTo(50);
        });
  }

  @Test
  void aConfiguredPlanIsParsed() {
    runner
        .withPropertyValues("infer-edge.policy.default-plan=small/c2/r48/s2")
        .run(
            context ->
                assertThat(context.getBean(PolicyProperties.class).plan())
                    .isEqualTo(new Plan("small", 2, 48, 2)));
  }

  @Test
  void anInvalidDefaultPlanFailsStartUpNamingIt() {
    runner
        .withPropertyValues("infer-edge.policy.default-plan=nano/c3/r50/s1")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("inputResolution must be one of"));
    runner
        .withPropertyValues("infer-edge.policy.default-plan=nano-c3")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("defaultPlan is not a valid plan"));
  }
}
