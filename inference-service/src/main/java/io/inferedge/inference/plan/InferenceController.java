package io.inferedge.inference.plan;

import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.contracts.Plan;
import io.inferedge.inference.InferenceProperties;
import io.inferedge.inference.TierRole;
import io.inferedge.inference.WrongRoleException;
import io.inferedge.inference.frame.FrameEncoding;
import io.inferedge.support.web.BadRequestException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Frames in, labels out: {@code POST /api/v1/inferences?streamId=..&frameSeq=..&plan=..} with a PNG
 * ({@code image/png}) or 4096 raw grey bytes ({@code application/octet-stream}) executes the plan
 * on this device tier (and its server tier for split plans), publishes an {@link
 * InferenceCompleted} and returns the result with its latency breakdown (measured and emulated
 * parts), the bytes sent, the profiles and, with ground truth, whether it was correct. Only a
 * device-role instance takes frames (409 otherwise). Every frame that arrives is executed: skipping
 * frames ({@code frameSkip}) is decided upstream, where the stream is seen as a whole.
 */
@RestController
@RequestMapping("/api/v1/inferences")
final class InferenceController {

  private final PlanExecutor executor;
  private final InferenceEventPublisher events;
  private final InferenceProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;

  InferenceController(
      PlanExecutor executor,
      InferenceEventPublisher events,
      InferenceProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.executor = executor;
    this.events = events;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
  }

  @PostMapping(
      consumes = {MediaType.IMAGE_PNG_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE},
      produces = MediaType.APPLICATION_JSON_VALUE)
  InferenceResponse infer(
      @Valid @ModelAttribute InferenceRequest request,
      @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
      @RequestBody(required = false) byte[] body) {
    if (properties.role() != TierRole.DEVICE) {
      throw new WrongRoleException(
          properties.role(), "frames go to a device-role instance (infer-edge.inference.role)");
    }
    Plan plan = parsePlan(request.plan());
    FrameEncoding encoding =
        MediaType.IMAGE_PNG.includes(contentType) ? FrameEncoding.PNG : FrameEncoding.RAW_GREY;

    Execution execution = executor.execute(plan, encoding, body);

    InferenceCompleted event =
        new InferenceCompleted(
            UUID.randomUUID(),
            clock.instant(),
            InferenceCompleted.SCHEMA_VERSION,
            request.streamId(),
            request.frameSeq(),
            properties.deviceId(),
            plan,
            execution.label(),
            execution.confidence(),
            execution.scores(),
            request.groundTruth(),
            execution.preprocessMicros(),
            execution.deviceComputeMicros(),
            execution.transferMicros(),
            execution.serverComputeMicros(),
            execution.totalMicros(),
            execution.bytesSent(),
            execution.deviceComputeStartedAt(),
            execution.deviceComputeEndedAt(),
            properties.linkProfile(),
            properties.link().transmitMilliwatts(),
            properties.deviceProfile(),
            execution.serverQueueMicros());
    events.publish(event);
    Timer.builder("inference.latency")
        .description("Wall time of a frame on this tier, from execution start to result")
        .tag("model", plan.modelVersion())
        .tag("resolution", Integer.toString(plan.inputResolution()))
        .register(meters)
        .record(execution.totalMicros(), TimeUnit.MICROSECONDS);

    return new InferenceResponse(
        event.eventId(),
        event.streamId(),
        event.frameSeq(),
        event.deviceId(),
        InferenceResponse.PlanView.of(plan),
        execution.label(),
        execution.labelName(),
        execution.confidence(),
        execution.scores(),
        request.groundTruth(),
        event.correct(),
        new InferenceResponse.Latency(
            execution.preprocessMicros(),
            execution.deviceComputeMicros(),
            execution.transferMicros(),
            execution.serverQueueMicros(),
            execution.serverComputeMicros(),
            execution.totalMicros(),
            execution.emulatedDeviceMicros(),
            execution.emulatedLinkMicros()),
        execution.bytesSent(),
        properties.deviceProfile(),
        properties.linkProfile(),
        execution.serverBatchSize());
  }

  /** Parses the plan text; any fault in it, including a bad part, is blamed on {@code plan}. */
  static Plan parsePlan(String text) {
    try {
      return Plan.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("plan", e.getMessage(), e);
    }
  }
}
