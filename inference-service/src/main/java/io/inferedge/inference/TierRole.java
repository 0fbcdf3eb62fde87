package io.inferedge.inference;

/**
 * Which tier an inference-service instance plays. A {@code device} runs the head of a plan (today:
 * the whole model) and publishes the result; a {@code server} will run the tails of split plans for
 * many devices once split execution exists.
 */
public enum TierRole {
  DEVICE,
  SERVER
}
