package io.inferedge.gateway.frame;

import io.inferedge.gateway.frame.InferenceClient.Answer;
import io.inferedge.gateway.frame.InferenceClient.InferenceResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * The path of one frame through the gateway: number it, get a plan (policy-service, else the
 * default plan), have the device tier execute it, and report label, plan and latency. Each frame is
 * timed in the {@code gateway.frames} timer, tagged with its {@code outcome} and whether the {@code
 * decision} came from the policy or the fallback.
 *
 * <p>Thread-safe: stateless apart from the thread-safe collaborators.
 */
final class FrameService {

  static final String TIMER = "gateway.frames";

  private final PolicyClient policy;
  private final InferenceClient inference;
  private final FrameSequences sequences;
  private final MeterRegistry meters;

  FrameService(
      PolicyClient policy,
      InferenceClient inference,
      FrameSequences sequences,
      MeterRegistry meters) {
    this.policy = policy;
    this.inference = inference;
    this.sequences = sequences;
    this.meters = meters;
  }

  /**
   * @param frameSeq the client's frame number, or null to have one assigned
   * @param receivedNanos {@link System#nanoTime()} when the gateway received the frame
   * @throws DeviceTierException when the device tier is unreachable, too slow or broken
   */
  Outcome process(
      String streamId,
      Long frameSeq,
      Integer groundTruth,
      MediaType contentType,
      byte[] frame,
      long receivedNanos) {
    long seq;
    if (frameSeq == null) {
      seq = sequences.assign(streamId);
    } else {
      seq = frameSeq;
      sequences.observe(streamId, seq);
    }
    String outcome = "device_failed";
    Decision decision = null;
    try {
      long decisionStart = System.nanoTime();
      decision = policy.decide(streamId);
      long decisionMicros = micros(System.nanoTime() - decisionStart);

      Answer answer =
          inference.infer(streamId, seq, decision.plan(), groundTruth, contentType, frame);
      if (answer instanceof Answer.Refused refused) {
        outcome = "rejected";
        return new Outcome.Refused(refused.status(), refused.contentType(), refused.body());
      }
      InferenceResult result = ((Answer.Completed) answer).result();
      var latency = result.latency();
      var frameResult =
          new FrameResult(
              streamId,
              seq,
              result.label(),
              result.labelName(),
              result.confidence(),
              decision.plan(),
              decision.plan().configId(),
              decision.policyVersion(),
              decision.decisionId(),
              result.eventId(),
              new FrameResult.FrameLatency(
                  decisionMicros,
                  latency.totalMicros(),
                  micros(System.nanoTime() - receivedNanos),
                  latency.preprocessMicros(),
                  latency.deviceComputeMicros(),
                  latency.transferMicros(),
                  latency.serverComputeMicros()));
      outcome = "success";
      return new Outcome.Processed(frameResult);
    } catch (DeviceTierException e) {
      outcome = outcomeOf(e.status());
      throw e;
    } finally {
      Timer.builder(TIMER)
          .description("Frames handled by the gateway, from receipt to answer")
          .tag("outcome", outcome)
          .tag("decision", decision == null || decision.isFallback() ? "fallback" : "policy")
          .register(meters)
          .record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
    }
  }

  private static String outcomeOf(HttpStatus status) {
    return switch (status) {
      case SERVICE_UNAVAILABLE -> "device_unavailable";
      case GATEWAY_TIMEOUT -> "device_timeout";
      default -> "device_failed";
    };
  }

  private static long micros(long nanos) {
    return TimeUnit.NANOSECONDS.toMicros(nanos);
  }

  /** What happened to a frame that reached the device tier. */
  sealed interface Outcome {

    /** Executed; the answer for the client. */
    record Processed(FrameResult result) implements Outcome {}

    /**
     * The device tier refused the frame (a client error, or it is overloaded); its status and body
     * go back to the client unchanged.
     */
    record Refused(HttpStatusCode status, MediaType contentType, byte[] body) implements Outcome {}
  }
}
