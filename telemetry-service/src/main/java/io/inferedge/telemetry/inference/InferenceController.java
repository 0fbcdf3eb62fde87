package io.inferedge.telemetry.inference;

import io.inferedge.support.web.BadRequestException;
import io.inferedge.support.web.PageResponse;
import io.inferedge.telemetry.TelemetryProperties;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The stored inferences: one stream's frames page by page, newest first, or one by event id. */
@RestController
@RequestMapping("/api/v1/inferences")
final class InferenceController {

  private final InferenceRepository repository;
  private final TelemetryProperties properties;

  InferenceController(InferenceRepository repository, TelemetryProperties properties) {
    this.repository = repository;
    this.properties = properties;
  }

  @GetMapping
  PageResponse<StoredInference> list(@Valid InferenceQuery query) {
    int page = query.page() == null ? 0 : query.page();
    int size = query.size() == null ? properties.defaultPageSize() : query.size();
    if (size > properties.maxPageSize()) {
      throw new BadRequestException(
          "size", "size must be <= " + properties.maxPageSize() + ", was " + size);
    }
    return repository.findByStream(query.streamId(), page, size);
  }

  @GetMapping("/{eventId}")
  StoredInference get(@PathVariable String eventId) {
    UUID id = parseUuid(eventId);
    return repository.findById(id).orElseThrow(() -> new InferenceNotFoundException(id));
  }

  private static UUID parseUuid(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("eventId", "eventId must be a UUID, was '" + text + "'", e);
    }
  }
}
