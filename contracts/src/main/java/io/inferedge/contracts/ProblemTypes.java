package io.inferedge.contracts;

import java.net.URI;

/**
 * RFC 9457 problem types one service answers and another acts on, so that the caller recognises the
 * failure by its {@code type} rather than by the wording of its {@code detail}. The URIs are {@code
 * tag:} URIs (RFC 4151): stable identifiers that are not meant to be fetched.
 */
public final class ProblemTypes {

  /**
   * inference-service's device tier could not have a split plan's tail run by the server tier
   * (unreachable, too slow, overloaded or refusing the tensor); status 502, 503 or 504. The problem
   * also carries {@value #FAILED_TIER}{@code : "server"}. The gateway answers such a frame with a
   * device-only plan.
   */
  public static final URI SERVER_TIER_FAILED =
      URI.create("tag:infer-edge.io,2026:problems/server-tier-failed");

  /** Problem property naming the tier that failed ({@code "server"}). */
  public static final String FAILED_TIER = "failedTier";

  private ProblemTypes() {}
}
