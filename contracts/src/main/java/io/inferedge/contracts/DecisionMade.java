package io.inferedge.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * A plan decided for one frame outside policy-service, published to {@link Topics#DECISION_MADE}
 * keyed by stream id: the gateway's in-process and default-plan decisions. policy-service appends
 * each to its decision log, so that online learning can join the outcomes of the frames to the
 * policy version, the requirements and the state they were decided on (decisions made by
 * policy-service's own API are logged there directly and not published).
 *
 * @param decisionId unique id of the decision, the one the frame's reply carries; the decision log
 *     stores a decision once per id
 * @param plan the plan executed for the decision (a split plan the server tier could not take is
 *     its device-only version, so that it is the plan the frame's outcome reports)
 * @param configId the plan's config id, e.g. {@code small/c2/r48/s1}
 * @param policyVersion the policy version that decided, as the decision log names it: the version
 *     number, or {@code default} for the configured default plan
 * @param decisionSource who decided, e.g. {@code in-process} or {@code default}
 * @param requirements what the stream asked for
 * @param decidedAt when the plan was decided (also the record's {@code occurredAt})
 * @param state the state the decision was made on, or null for a decision without one
 */
public record DecisionMade(
    UUID eventId,
    Instant occurredAt,
    int schemaVersion,
    UUID decisionId,
    String streamId,
    Plan plan,
    String configId,
    String policyVersion,
    String decisionSource,
    StreamRequirements requirements,
    Instant decidedAt,
    State state)
    implements Event {

  public static final int SCHEMA_VERSION = 1;

  public DecisionMade {
    Checks.notNull("eventId", eventId);
    Checks.notNull("occurredAt", occurredAt);
    Checks.schemaVersion(SCHEMA_VERSION, schemaVersion);
    Checks.notNull("decisionId", decisionId);
    Checks.id("streamId", streamId);
    Checks.notNull("plan", plan);
    if (!plan.configId().equals(configId)) {
      throw new IllegalArgumentException(
          "configId must be the plan's config id " + plan.configId() + ", was '" + configId + "'");
    }
    Checks.id("policyVersion", policyVersion);
    Checks.id("decisionSource", decisionSource);
    Checks.notNull("requirements", requirements);
    Checks.notNull("decidedAt", decidedAt);
  }

  /**
   * The stream's conditions the decision was made on, as the policy's state features are built from
   * them. Units in the names.
   *
   * @param device the device class, a name in the measured profile
   * @param bandwidthMbps uplink bandwidth estimated from recent transfers
   * @param previousBandwidthMbps the estimate one window earlier
   * @param rttMillis round-trip time estimate
   * @param serverLoad the server tier's utilisation, in [0, 1]
   * @param sceneCutsPerSecond scene cuts seen in recent frames
   * @param motion mean frame difference, in [0, 1]
   * @param lastConfigId the plan of the previous window, or null before the first
   * @param lastLatencyMillis mean latency of the previous window's processed frames
   * @param lastSloMissRate share of them over the SLO, in [0, 1]
   */
  public record State(
      String device,
      double bandwidthMbps,
      double previousBandwidthMbps,
      double rttMillis,
      double serverLoad,
      double sceneCutsPerSecond,
      double motion,
      String lastConfigId,
      double lastLatencyMillis,
      double lastSloMissRate) {

    public State {
      Checks.id("device", device);
      Checks.finiteNonNegative("bandwidthMbps", bandwidthMbps);
      Checks.finiteNonNegative("previousBandwidthMbps", previousBandwidthMbps);
      Checks.finiteNonNegative("rttMillis", rttMillis);
      Checks.unitInterval("serverLoad", serverLoad);
      Checks.finiteNonNegative("sceneCutsPerSecond", sceneCutsPerSecond);
      Checks.unitInterval("motion", motion);
      if (lastConfigId != null) {
        try {
          Plan.parse(lastConfigId);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("lastConfigId: " + e.getMessage(), e);
        }
      }
      Checks.finiteNonNegative("lastLatencyMillis", lastLatencyMillis);
      Checks.unitInterval("lastSloMissRate", lastSloMissRate);
    }
  }
}
