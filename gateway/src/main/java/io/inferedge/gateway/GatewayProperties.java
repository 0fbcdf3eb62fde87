package io.inferedge.gateway;

import io.inferedge.contracts.Plan;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the gateway, under {@code infer-edge.gateway}. Validated at start-up, so a bad
 * default plan or a missing URL stops the service instead of failing the first frame.
 *
 * @param policyUrl base URL of policy-service (decisions, proxied {@code /api/v1/policy/**})
 * @param inferenceUrl base URL of the inference-service device tier
 * @param telemetryUrl base URL of telemetry-service (proxied {@code /api/v1/telemetry/**})
 * @param defaultPlan the safe plan, as a config id, used when policy-service is unreachable or
 *     fails
 * @param connectTimeout how long to wait for a TCP connection to another service
 * @param decisionTimeout how long to wait for policy-service's answer before using {@code
 *     defaultPlan}; a late decision is worth less than a safe plan now
 * @param inferenceTimeout how long to wait for the device tier's answer to one frame (it includes
 *     the emulated link's transfer time and the server tier)
 */
@ConfigurationProperties("infer-edge.gateway")
public record GatewayProperties(
    @DefaultValue("http://localhost:8083") URI policyUrl,
    @DefaultValue("http://localhost:8081") URI inferenceUrl,
    @DefaultValue("http://localhost:8082") URI telemetryUrl,
    @DefaultValue("nano/c3/r64/s1") String defaultPlan,
    @DefaultValue("1s") Duration connectTimeout,
    @DefaultValue("500ms") Duration decisionTimeout,
    @DefaultValue("10s") Duration inferenceTimeout) {

  public GatewayProperties {
    requireHttp("policyUrl", policyUrl);
    requireHttp("inferenceUrl", inferenceUrl);
    requireHttp("telemetryUrl", telemetryUrl);
    Plan.parse(defaultPlan);
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("decisionTimeout", decisionTimeout);
    requirePositive("inferenceTimeout", inferenceTimeout);
  }

  /** {@link #defaultPlan()} parsed. */
  public Plan fallbackPlan() {
    return Plan.parse(defaultPlan);
  }

  private static void requireHttp(String field, URI url) {
    if (url == null
        || url.getHost() == null
        || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
      throw new IllegalArgumentException(
          field + " must be an absolute http(s) URL with a host, was '" + url + "'");
    }
  }

  private static void requirePositive(String field, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be > 0, was " + value);
    }
  }
}
