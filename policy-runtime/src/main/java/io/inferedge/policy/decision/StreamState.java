package io.inferedge.policy.decision;

import io.inferedge.contracts.Plan;

/**
 * What is known about a stream's conditions when it asks for a plan: the raw estimates that {@link
 * io.inferedge.policy.environment.StateFeatures} turns into the policy's state vector. Units in the
 * names. Validated by the API before it gets here.
 *
 * @param bandwidthMbps uplink bandwidth estimated from recent transfers
 * @param previousBandwidthMbps the estimate one window earlier (the trend)
 * @param rttMs round-trip time estimate
 * @param serverLoad the server tier's utilisation, in [0, 1]
 * @param device the device class, a name in the profile
 * @param sceneCutsPerSecond scene cuts seen in recent frames
 * @param motion mean frame difference, in [0, 1]
 * @param lastPlan the plan of the previous window, or null before the first
 * @param lastLatencyMs mean latency of the previous window's processed frames
 * @param lastSloMissRate share of them over the SLO
 */
public record StreamState(
    double bandwidthMbps,
    double previousBandwidthMbps,
    double rttMs,
    double serverLoad,
    String device,
    double sceneCutsPerSecond,
    double motion,
    Plan lastPlan,
    double lastLatencyMs,
    double lastSloMissRate) {}
