package io.inferedge.gateway.frame;

import io.inferedge.contracts.StreamRequirements;
import io.inferedge.gateway.frame.InferenceClient.Answer;
import io.inferedge.gateway.frame.InferenceClient.InferenceResult;
import io.inferedge.gateway.stream.DecisionEntry;
import io.inferedge.gateway.stream.GreyFrames;
import io.inferedge.gateway.stream.LiveState;
import io.inferedge.gateway.stream.LiveStates;
import io.inferedge.gateway.stream.StreamRegistry;
import io.inferedge.policy.decision.PolicyChoice;
import io.inferedge.policy.decision.ServingPolicy;
import io.inferedge.policy.decision.StreamState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * The path of one frame through the gateway: number it, update the stream's live state with the
 * frame's difference to the previous one, and then either answer it from the stream's last result
 * (the current plan skips it) or decide a plan and have the device tier execute it.
 *
 * <p>Decisions, in order of preference: in-process with the published actor ({@link
 * InProcessPolicy}) on the stream's live state and requirements; policy-service's decision API
 * while no usable actor has been published (or the in-process policy fails); the configured default
 * plan when policy-service cannot decide either. Each frame is timed in the {@code gateway.frames}
 * timer, tagged with its {@code outcome} ({@code reused} for skipped frames), its {@code decision}
 * ({@code policy}, or {@code fallback} for the default plan) and the decision's {@code source}.
 *
 * <p>Thread-safe: the per-stream state is thread-safe and the collaborators are.
 */
final class FrameService {

  static final String TIMER = "gateway.frames";

  private static final Logger log = LoggerFactory.getLogger(FrameService.class);

  private final InProcessPolicy inProcess;
  private final PolicyClient policy;
  private final InferenceClient inference;
  private final FrameSequences sequences;
  private final LiveStates live;
  private final StreamRegistry streams;
  private final String device;
  private final Clock clock;
  private final MeterRegistry meters;
  private final AtomicBoolean inProcessFailing = new AtomicBoolean();

  FrameService(
      InProcessPolicy inProcess,
      PolicyClient policy,
      InferenceClient inference,
      FrameSequences sequences,
      LiveStates live,
      StreamRegistry streams,
      String device,
      Clock clock,
      MeterRegistry meters) {
    this.inProcess = inProcess;
    this.policy = policy;
    this.inference = inference;
    this.sequences = sequences;
    this.live = live;
    this.streams = streams;
    this.device = device;
    this.clock = clock;
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
    String source = "none";
    try {
      LiveState state = live.get(streamId, receivedNanos);
      byte[] grey = GreyFrames.decode(contentType, frame);
      if (grey != null) {
        state.observeFrame(grey, receivedNanos);
      }
      LiveState.Reusable last = state.reuse(receivedNanos);
      if (last != null) {
        outcome = "reused";
        source = last.policySource();
        return new Outcome.Processed(reused(streamId, seq, last, receivedNanos));
      }

      StreamRequirements requirements = streams.requirements(streamId);
      long decisionStart = System.nanoTime();
      StreamState streamState = state.state(device, decisionStart);
      Decision decision = decide(streamId, requirements, streamState);
      long decisionMicros = micros(System.nanoTime() - decisionStart);
      source = decision.source();
      state.log(
          new DecisionEntry(
              clock.instant(),
              seq,
              decision.plan().configId(),
              decision.source(),
              decision.policyVersion(),
              decision.decisionId(),
              streamState));

      Answer answer =
          inference.infer(streamId, seq, decision.plan(), groundTruth, contentType, frame);
      if (answer instanceof Answer.Refused refused) {
        outcome = "rejected";
        return new Outcome.Refused(refused.status(), refused.contentType(), refused.body());
      }
      InferenceResult result = ((Answer.Completed) answer).result();
      var latency = result.latency();
      state.observeResult(
          result.sentBytes(),
          latency.transferMicros(),
          latency.queueMicros(),
          latency.serverComputeMicros(),
          latency.totalMicros(),
          requirements.latencySloMillis(),
          System.nanoTime());
      state.executed(
          decision.plan(),
          new LiveState.Reusable(
              result.label(),
              result.labelName(),
              result.confidence(),
              decision.plan(),
              decision.source(),
              decision.policyVersion(),
              decision.decisionId()),
          streamState.bandwidthMbps());
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
              decision.source(),
              decision.decisionId(),
              result.eventId(),
              false,
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
          .tag("decision", Decision.DEFAULT.equals(source) ? "fallback" : "policy")
          .tag("source", source)
          .register(meters)
          .record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** In-process, else policy-service, else (inside {@link PolicyClient}) the default plan. */
  private Decision decide(String streamId, StreamRequirements requirements, StreamState state) {
    Optional<ServingPolicy> serving = inProcess.current();
    if (serving.isPresent()) {
      try {
        PolicyChoice choice = serving.get().decide(state, requirements);
        if (inProcessFailing.getAndSet(false)) {
          log.info("in-process decisions work again");
        }
        return new Decision(null, choice.plan(), choice.policyVersion(), Decision.IN_PROCESS);
      } catch (RuntimeException e) {
        if (!inProcessFailing.getAndSet(true)) {
          log.warn("in-process decision failed ({}); asking policy-service", e.toString());
        }
      }
    }
    return policy.decide(streamId, requirements);
  }

  private static FrameResult reused(
      String streamId, long seq, LiveState.Reusable last, long receivedNanos) {
    return new FrameResult(
        streamId,
        seq,
        last.label(),
        last.labelName(),
        last.confidence(),
        last.plan(),
        last.plan().configId(),
        last.policyVersion(),
        last.policySource(),
        last.decisionId(),
        null,
        true,
        new FrameResult.FrameLatency(0, 0, micros(System.nanoTime() - receivedNanos), 0, 0, 0, 0));
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

    /** Executed, or answered from the last result; the answer for the client. */
    record Processed(FrameResult result) implements Outcome {}

    /**
     * The device tier refused the frame (a client error, or it is overloaded); its status and body
     * go back to the client unchanged.
     */
    record Refused(HttpStatusCode status, MediaType contentType, byte[] body) implements Outcome {}
  }
}
