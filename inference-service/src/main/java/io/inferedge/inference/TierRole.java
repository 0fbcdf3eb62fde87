package io.inferedge.inference;

/**
 * Which tier an inference-service instance plays; the same jar runs both. A {@code device} takes
 * frames on {@code /api/v1/inferences}, runs the head of each plan ({@code full} or {@code
 * head_k}), sends the rest to its server tier and publishes the result. A {@code server} takes the
 * tensors of many devices on {@code /api/v1/tensors} and runs their tails ({@code tail_k}, or
 * {@code full} for cut 0) in dynamic batches; it neither samples power nor publishes results.
 */
public enum TierRole {
  DEVICE,
  SERVER
}
