package io.inferedge.policy;

import io.inferedge.contracts.Plan;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * policy-service settings, under {@code infer-edge.policy}. Checked when bound, so a bad value
 * fails start-up with a message naming it.
 *
 * @param defaultPlan the plan decided until a trained policy is active, as a config id such as
 *     {@code nano/c3/r64/s1}
 * @param maxPageSize largest {@code size} a query may ask for; larger is a 400
 * @param defaultPageSize {@code size} of a query that does not give one
 * @param profile the measured profile the policies serve (a file); empty for the measured profile
 *     shipped in the jar
 * @param bootstrapPolicy a policy artefact imported when the store holds no version yet (a Spring
 *     resource location); empty for none
 * @param activateBootstrap activate the imported bootstrap policy if it passed its evaluation
 */
@ConfigurationProperties("infer-edge.policy")
public record PolicyProperties(
    @DefaultValue("nano/c3/r64/s1") String defaultPlan,
    @DefaultValue("500") int maxPageSize,
    @DefaultValue("50") int defaultPageSize,
    @DefaultValue("") String profile,
    @DefaultValue("classpath:policies/a2c.json") String bootstrapPolicy,
    @DefaultValue("true") boolean activateBootstrap) {

  public PolicyProperties {
    try {
      Plan.parse(defaultPlan);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("defaultPlan is not a valid plan: " + e.getMessage(), e);
    }
    if (maxPageSize < 1) {
      throw new IllegalArgumentException("maxPageSize must be >= 1, was " + maxPageSize);
    }
    if (defaultPageSize < 1 || defaultPageSize > maxPageSize) {
      throw new IllegalArgumentException(
          "defaultPageSize must be in [1, maxPageSize="
              + maxPageSize
              + "], was "
              + defaultPageSize);
    }
  }

  /** {@link #defaultPlan()} parsed. */
  public Plan plan() {
    return Plan.parse(defaultPlan);
  }
}
