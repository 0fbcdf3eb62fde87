package io.inferedge.contracts;

/**
 * Kafka topic names. Each name carries the major version of its record type; a breaking change to a
 * record gets a new topic rather than a reinterpreted old one. Dead letters of topic {@code t} go
 * to {@code t-dlt}.
 */
public final class Topics {

  /** One {@link InferenceCompleted} per frame executed by an inference-service device tier. */
  public static final String INFERENCE_COMPLETED = "inference.completed.v1";

  /** Batches of device power samples, {@link PowerSampled}. */
  public static final String POWER_SAMPLED = "telemetry.power-sampled.v1";

  /** Per-frame outcomes joined by telemetry-service, {@link OutcomeRecorded}. */
  public static final String OUTCOME_RECORDED = "telemetry.outcome-recorded.v1";

  /**
   * Every plan the gateway decided itself (in-process or the default plan), {@link DecisionMade},
   * keyed by stream id; policy-service appends them to its decision log for online learning.
   */
  public static final String DECISION_MADE = "gateway.decision-made.v1";

  /** Every activated policy version, {@link PolicyPublished}. */
  public static final String POLICY_PUBLISHED = "policy.published.v1";

  /**
   * The gateway's issued API keys, compacted and keyed by key id: the key's SHA-256 (never the key)
   * and its attributes (name, request size limit) while it is valid, a tombstone once revoked. Read
   * only by gateways.
   */
  public static final String API_KEYS = "gateway.api-keys.v1";

  /**
   * The streams registered at the gateway with their requirements, compacted and keyed by stream
   * id: the registration while it stands, a tombstone once deleted. Read only by gateways.
   */
  public static final String STREAMS = "gateway.streams.v1";

  /** Suffix of the dead-letter topic that receives the records a consumer could not process. */
  public static final String DEAD_LETTER_SUFFIX = "-dlt";

  private Topics() {}

  /** The dead-letter topic of {@code topic}. */
  public static String deadLetter(String topic) {
    return topic + DEAD_LETTER_SUFFIX;
  }
}
