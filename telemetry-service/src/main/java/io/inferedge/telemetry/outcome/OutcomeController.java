package io.inferedge.telemetry.outcome;

import io.inferedge.support.web.ApiException;
import io.inferedge.support.web.BadRequestException;
import io.inferedge.support.web.PageResponse;
import io.inferedge.telemetry.TelemetryProperties;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The per-frame outcomes: one stream's page by page, newest frame first, or one frame's by the
 * event id of its inference.
 */
@RestController
@RequestMapping("/api/v1/outcomes")
final class OutcomeController {

  private final OutcomeRepository repository;
  private final TelemetryProperties properties;

  OutcomeController(OutcomeRepository repository, TelemetryProperties properties) {
    this.repository = repository;
    this.properties = properties;
  }

  @GetMapping
  PageResponse<StoredOutcome> list(@Valid OutcomeQuery query) {
    int page = query.page() == null ? 0 : query.page();
    int size = query.size() == null ? properties.defaultPageSize() : query.size();
    if (size > properties.maxPageSize()) {
      throw new BadRequestException(
          "size", "size must be <= " + properties.maxPageSize() + ", was " + size);
    }
    return repository.findByStream(query.streamId(), page, size);
  }

  @GetMapping("/{inferenceEventId}")
  StoredOutcome get(@PathVariable String inferenceEventId) {
    UUID id;
    try {
      id = UUID.fromString(inferenceEventId);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          "inferenceEventId", "inferenceEventId must be a UUID, was '" + inferenceEventId + "'", e);
    }
    return repository.findByInference(id).orElseThrow(() -> new OutcomeNotFoundException(id));
  }

  /** No outcome (yet) for the frame (404): unknown, or still waiting for its power samples. */
  static final class OutcomeNotFoundException extends ApiException {
    OutcomeNotFoundException(UUID id) {
      super(
          HttpStatus.NOT_FOUND,
          "inferenceEventId",
          "no outcome is stored for inference " + id + " (unknown, or its energy is pending)");
    }
  }
}
