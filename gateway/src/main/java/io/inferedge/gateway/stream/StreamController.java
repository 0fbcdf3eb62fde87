package io.inferedge.gateway.stream;

import io.inferedge.contracts.StreamRequirements;
import io.inferedge.support.web.ApiException;
import io.inferedge.support.web.BadRequestException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The streams API: {@code POST /api/v1/streams} registers a stream with its requirements (a named
 * {@code profile} or explicit {@code requirements}; 409 if it is registered already), {@code GET
 * /api/v1/streams} lists, {@code GET}/{@code PUT}/{@code DELETE /api/v1/streams/{id}} read, update
 * and delete one (404 when not registered), {@code GET /api/v1/streams/{id}/decisions} the stream's
 * last decisions. Registrations are kept on a compacted topic ({@link StreamLog}). Bad input gets a
 * 400 problem naming the field.
 */
@RestController
@RequestMapping("/api/v1/streams")
final class StreamController {

  /** The contracts' rule for ids: 1-64 of [A-Za-z0-9._-], starting with a letter or digit. */
  private static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** The named requirement profiles (the same names policy-service's decision API accepts). */
  static final Map<String, StreamRequirements> PROFILES =
      Map.of(
          "balanced", StreamRequirements.BALANCED,
          "latency-first", StreamRequirements.LATENCY_FIRST,
          "accuracy-first", StreamRequirements.ACCURACY_FIRST,
          "energy-first", StreamRequirements.ENERGY_FIRST);

  private final StreamRegistry registry;
  private final StreamLog streamLog;
  private final LiveStates live;
  private final Clock clock;

  StreamController(StreamRegistry registry, StreamLog streamLog, LiveStates live, Clock clock) {
    this.registry = registry;
    this.streamLog = streamLog;
    this.live = live;
    this.clock = clock;
  }

  /**
   * A registration or update: {@code profile} or {@code requirements}, not both; neither means
   * {@code balanced}. {@code streamId} is read on {@code POST} only.
   */
  record StreamRequest(String streamId, String profile, Requirements requirements) {}

  /** {@link StreamRequirements} as sent: every field required. */
  record Requirements(
      Long latencySloMillis,
      Double accuracyFloor,
      Double latencyWeight,
      Double accuracyWeight,
      Double energyWeight) {}

  @PostMapping
  ResponseEntity<StreamRegistration> register(@RequestBody(required = false) StreamRequest body) {
    if (body == null) {
      throw new BadRequestException("body", "body must be a JSON object with streamId");
    }
    String id = validId(body.streamId());
    if (registry.find(id).isPresent()) {
      throw new StreamExistsException(id);
    }
    Named named = requirementsOf(body);
    Instant now = clock.instant();
    var registration = new StreamRegistration(id, named.profile(), named.requirements(), now, now);
    streamLog.put(registration);
    return ResponseEntity.created(URI.create("/api/v1/streams/" + id)).body(registration);
  }

  @GetMapping
  List<StreamRegistration> list() {
    return registry.all();
  }

  @GetMapping("/{streamId}")
  StreamRegistration get(@PathVariable String streamId) {
    return registered(streamId);
  }

  @PutMapping("/{streamId}")
  StreamRegistration update(
      @PathVariable String streamId, @RequestBody(required = false) StreamRequest body) {
    StreamRegistration current = registered(streamId);
    if (body == null) {
      throw new BadRequestException("body", "body must be a JSON object");
    }
    if (body.streamId() != null && !body.streamId().equals(streamId)) {
      throw new BadRequestException(
          "streamId", "streamId in the body must be the path's, " + streamId + ", or absent");
    }
    Named named = requirementsOf(body);
    var registration =
        new StreamRegistration(
            streamId, named.profile(), named.requirements(), current.createdAt(), clock.instant());
    streamLog.put(registration);
    return registration;
  }

  @DeleteMapping("/{streamId}")
  ResponseEntity<Void> delete(@PathVariable String streamId) {
    registered(streamId);
    streamLog.delete(streamId);
    live.remove(streamId);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/{streamId}/decisions")
  List<DecisionEntry> decisions(@PathVariable String streamId) {
    var state = live.find(streamId);
    if (state.isEmpty()) {
      if (registry.find(streamId).isEmpty()) {
        throw new StreamNotFoundException(streamId);
      }
      return List.of();
    }
    return state.get().decisions();
  }

  private StreamRegistration registered(String streamId) {
    return registry.find(streamId).orElseThrow(() -> new StreamNotFoundException(streamId));
  }

  private static String validId(String streamId) {
    if (streamId == null) {
      throw new BadRequestException("streamId", "streamId is required");
    }
    if (!STREAM_ID.matcher(streamId).matches()) {
      throw new BadRequestException(
          "streamId",
          "streamId must be 1-64 characters of [A-Za-z0-9._-] starting with a letter or digit");
    }
    return streamId;
  }

  private record Named(String profile, StreamRequirements requirements) {}

  private static Named requirementsOf(StreamRequest body) {
    if (body.profile() != null && body.requirements() != null) {
      throw new BadRequestException("profile", "give profile or requirements, not both");
    }
    if (body.requirements() == null) {
      String name = body.profile() == null ? "balanced" : body.profile();
      StreamRequirements named = PROFILES.get(name);
      if (named == null) {
        throw new BadRequestException(
            "profile",
            "profile must be one of latency-first, accuracy-first, energy-first, balanced, was '"
                + name
                + "'");
      }
      return new Named(name, named);
    }
    Requirements r = body.requirements();
    required("latencySloMillis", r.latencySloMillis());
    required("accuracyFloor", r.accuracyFloor());
    required("latencyWeight", r.latencyWeight());
    required("accuracyWeight", r.accuracyWeight());
    required("energyWeight", r.energyWeight());
    try {
      return new Named(
          null,
          new StreamRequirements(
              r.latencySloMillis(),
              r.accuracyFloor(),
              r.latencyWeight(),
              r.accuracyWeight(),
              r.energyWeight()));
    } catch (IllegalArgumentException e) {
      String message = e.getMessage() == null ? "invalid requirements" : e.getMessage();
      String field = message.split("[ +]", 2)[0];
      throw new BadRequestException("requirements." + field, message, e);
    }
  }

  private static void required(String field, Object value) {
    if (value == null) {
      throw new BadRequestException("requirements." + field, field + " is required");
    }
  }

  /** No stream is registered under this id (404). */
  static final class StreamNotFoundException extends ApiException {
    StreamNotFoundException(String streamId) {
      super(HttpStatus.NOT_FOUND, "streamId", "no stream registered with id " + streamId);
    }
  }

  /** The stream is registered already (409): update it with PUT. */
  static final class StreamExistsException extends ApiException {
    StreamExistsException(String streamId) {
      super(
          HttpStatus.CONFLICT,
          "streamId",
          "stream " + streamId + " is registered already; update it with PUT");
    }
  }
}
