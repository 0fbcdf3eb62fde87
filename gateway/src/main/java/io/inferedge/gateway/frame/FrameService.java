package io.inferedge.gateway.frame;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.inferedge.contracts.Plan;
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
import io.inferedge.policy.profile.Profile;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Server tier fallback: a split plan (cut below the model's block count in the measured profile)
 * is sent only while the {@code server-tier} circuit breaker permits it. When the device tier
 * answers that the server tier failed the plan's tail, the failure is recorded in the breaker and
 * the same frame is sent again with the device-only version of the plan (same model, resolution and
 * skip; cut = blocks), answered with {@code fallback: server-tier-failed}. While the breaker is
 * open every split plan is replaced by its device-only version before it is sent ({@code fallback:
 * server-tier-unhealthy}); after the breaker's wait (growing with each failed trial) a trial split
 * plan goes through again and closes the breaker when it succeeds. Each fallback is counted in
 * {@code gateway.fallbacks}, tagged with its {@code reason}; each decision sent in {@code
 * gateway.decisions} ({@link DecisionMeters}).
 *
 * <p>Every decision gets an id, which the frame's reply carries. The decisions made here
 * (in-process and default plan) are handed to the {@link DecisionPublisher} once their frame was
 * executed, with the plan as executed, for policy-service's decision log and online learning.
 *
 * <p>Thread-safe: the per-stream state is thread-safe and the collaborators are.
 */
final class FrameService {

  static final String TIMER = "gateway.frames";

  static final String FALLBACKS = "gateway.fallbacks";

  /** The frame's split plan failed at the server tier and was re-sent device-only. */
  static final String SERVER_TIER_FAILED = "server-tier-failed";

  /** The server tier's breaker is open: the split plan was made device-only before it was sent. */
  static final String SERVER_TIER_UNHEALTHY = "server-tier-unhealthy";

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
  private final CircuitBreaker serverTier;
  private final Profile profile;
  private final DecisionPublisher decisions;
  private final AtomicBoolean inProcessFailing = new AtomicBoolean();
  private final DecisionMeters decisionMeters;

  /** The {@value #TIMER} timers by outcome and source, registered once rather than per frame. */
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  FrameService(
      InProcessPolicy inProcess,
      PolicyClient policy,
      InferenceClient inference,
      FrameSequences sequences,
      LiveStates live,
      StreamRegistry streams,
      String device,
      Clock clock,
      MeterRegistry meters,
      CircuitBreaker serverTier,
      Profile profile,
      DecisionPublisher decisions) {
    this.inProcess = inProcess;
    this.policy = policy;
    this.inference = inference;
    this.sequences = sequences;
    this.live = live;
    this.streams = streams;
    this.device = device;
    this.clock = clock;
    this.meters = meters;
    this.serverTier = serverTier;
    this.profile = profile;
    this.decisions = decisions;
    this.decisionMeters = new DecisionMeters(meters);
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
      Decision decided = decide(streamId, requirements, streamState);
      long decisionMicros = micros(System.nanoTime() - decisionStart);
      source = decided.source();

      // A split plan goes out only while the server tier's breaker permits it.
      int blocks = blocksOf(decided.plan());
      boolean split = decided.plan().cutPoint() < blocks;
      boolean trial = split && serverTier.tryAcquirePermission();
      String fallback = split && !trial ? SERVER_TIER_UNHEALTHY : null;
      Decision decision = fallback == null ? decided : deviceOnly(decided, blocks);
      Instant decidedAt = clock.instant();
      state.log(
          new DecisionEntry(
              decidedAt,
              seq,
              decision.plan().configId(),
              decision.source(),
              decision.policyVersion(),
              decision.decisionId(),
              streamState));
      decisionMeters.decided(decision);

      long sent = System.nanoTime();
      Answer answer;
      try {
        answer = inference.infer(streamId, seq, decision.plan(), groundTruth, contentType, frame);
      } catch (RuntimeException e) {
        if (trial) {
          serverTier.releasePermission();
        }
        throw e;
      }
      if (trial) {
        long elapsed = System.nanoTime() - sent;
        if (answer instanceof Answer.ServerTierFailed failed) {
          serverTier.onError(
              elapsed, TimeUnit.NANOSECONDS, new ServerTierFailure(failed.refused().status()));
          fallback = SERVER_TIER_FAILED;
          decision = deviceOnly(decided, blocks);
          answer = inference.infer(streamId, seq, decision.plan(), groundTruth, contentType, frame);
        } else if (answer instanceof Answer.Completed) {
          serverTier.onSuccess(elapsed, TimeUnit.NANOSECONDS);
        } else {
          serverTier.releasePermission();
        }
      }
      if (fallback != null) {
        meters.counter(FALLBACKS, "reason", fallback).increment();
      }
      if (answer instanceof Answer.ServerTierFailed failed) {
        // Not a split plan of ours (or device-only failed with it): the device tier's answer.
        answer = failed.refused();
        if (!failed.refused().isForTheClient()) {
          throw DeviceTierException.failed("status " + failed.refused().status().value(), null);
        }
      }
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
      decisions.publish(streamId, decision, requirements, streamState, decidedAt);
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
              fallback,
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
      timer(outcome, source).record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
    }
  }

  private Timer timer(String outcome, String source) {
    return timers.computeIfAbsent(
        outcome + ' ' + source,
        key ->
            Timer.builder(TIMER)
                .description("Frames handled by the gateway, from receipt to answer")
                .tag("outcome", outcome)
                .tag("decision", Decision.DEFAULT.equals(source) ? "fallback" : "policy")
                .tag("source", source)
                .register(meters));
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
        return new Decision(
            UUID.randomUUID(), choice.plan(), choice.policyVersion(), Decision.IN_PROCESS);
      } catch (RuntimeException e) {
        if (!inProcessFailing.getAndSet(true)) {
          log.warn("in-process decision failed ({}); asking policy-service", e.toString());
        }
      }
    }
    return policy.decide(streamId, requirements);
  }

  /** The model's block count, or {@link Integer#MIN_VALUE} when the profile does not know it. */
  private int blocksOf(Plan plan) {
    try {
      return profile.model(plan.modelVersion()).blocks();
    } catch (IllegalArgumentException e) {
      return Integer.MIN_VALUE;
    }
  }

  /** The same decision with its plan run entirely on the device. */
  private static Decision deviceOnly(Decision decision, int blocks) {
    Plan plan = decision.plan();
    return new Decision(
        decision.decisionId(),
        new Plan(
            plan.modelVersion(),
            blocks,
            plan.inputResolution(),
            plan.frameSkip(),
            plan.precision()),
        decision.policyVersion(),
        decision.source());
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
        null,
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

  /** A server-tier failure as the server tier's breaker records it. */
  static final class ServerTierFailure extends RuntimeException {
    ServerTierFailure(HttpStatusCode status) {
      super(
          "the device tier answered " + status.value() + ": the server tier failed",
          null,
          false,
          false);
    }
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
