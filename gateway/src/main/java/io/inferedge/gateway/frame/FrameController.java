package io.inferedge.gateway.frame;

import io.inferedge.gateway.dashboard.FrameTimeline;
import io.inferedge.support.web.BadRequestException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/streams/{streamId}/frames}: one video frame in ({@code image/png}, or 4096
 * bytes of raw 64x64 grey as {@code application/octet-stream}), its label, plan and latency out.
 * Other content types get 415. Query parameters: {@code frameSeq} (assigned per stream when absent)
 * and {@code groundTruth} (the true label, when the client knows it, so accuracy can be measured).
 * The frames being processed right now are the gauge {@code gateway.frames.in-flight}.
 */
@RestController
@RequestMapping("/api/v1/streams")
final class FrameController {

  /** The contracts' rule for ids: 1-64 of [A-Za-z0-9._-], starting with a letter or digit. */
  private static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final FrameService frames;
  private final FrameTimeline timeline;
  private final AtomicInteger inFlight = new AtomicInteger();

  FrameController(FrameService frames, FrameTimeline timeline, MeterRegistry meters) {
    this.frames = frames;
    this.timeline = timeline;
    Gauge.builder("gateway.frames.in-flight", inFlight, AtomicInteger::get)
        .description("Frames the gateway has accepted and not answered yet")
        .register(meters);
  }

  @PostMapping(
      path = "/{streamId}/frames",
      consumes = {MediaType.IMAGE_PNG_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE})
  ResponseEntity<?> postFrame(
      @PathVariable String streamId,
      @RequestParam(required = false) String frameSeq,
      @RequestParam(required = false) String groundTruth,
      @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
      @RequestBody(required = false) byte[] frame) {
    long received = System.nanoTime();
    if (!STREAM_ID.matcher(streamId).matches()) {
      throw new BadRequestException(
          "streamId",
          "streamId must be 1-64 characters of [A-Za-z0-9._-] starting with a letter or digit");
    }
    Long seq = nonNegative("frameSeq", frameSeq);
    Long truth = nonNegative("groundTruth", groundTruth);
    if (truth != null && truth > Integer.MAX_VALUE) {
      throw new BadRequestException("groundTruth", "groundTruth is out of range: " + truth);
    }
    if (frame == null || frame.length == 0) {
      throw new BadRequestException("body", "body must contain the frame");
    }
    FrameService.Outcome outcome;
    inFlight.incrementAndGet();
    try {
      outcome =
          frames.process(
              streamId, seq, truth == null ? null : truth.intValue(), contentType, frame, received);
    } finally {
      inFlight.decrementAndGet();
    }
    if (outcome instanceof FrameService.Outcome.Refused refused) {
      return passThrough(refused);
    }
    FrameResult result = ((FrameService.Outcome.Processed) outcome).result();
    // The dashboard's charts: one lock-free store into a bounded ring.
    timeline.record(
        streamId,
        result.frameSeq(),
        result.configId(),
        result.reused(),
        result.latency().gatewayTotalMicros());
    return ResponseEntity.ok(result);
  }

  /** The device tier's error answer, as it gave it; an empty one gets a problem body of our own. */
  private static ResponseEntity<?> passThrough(FrameService.Outcome.Refused refused) {
    if (refused.body().length == 0) {
      var problem =
          ProblemDetail.forStatusAndDetail(refused.status(), "device tier refused the frame");
      return ResponseEntity.status(refused.status())
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(problem);
    }
    return ResponseEntity.status(refused.status())
        .contentType(
            refused.contentType() == null
                ? MediaType.APPLICATION_OCTET_STREAM
                : refused.contentType())
        .body(refused.body());
  }

  private static Long nonNegative(String field, String text) {
    if (text == null) {
      return null;
    }
    try {
      long value = Long.parseLong(text);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRequestException(field, field + " must be an integer >= 0, was '" + text + "'");
  }
}
