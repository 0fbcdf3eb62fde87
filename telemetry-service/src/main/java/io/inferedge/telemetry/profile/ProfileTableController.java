package io.inferedge.telemetry.profile;

import io.inferedge.support.web.ApiException;
import io.inferedge.support.web.BadRequestException;
import io.inferedge.support.web.PageResponse;
import io.inferedge.telemetry.TelemetryProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The profiler's trade-off tables (issue 3): posted whole, listed newest first, read back by id or
 * as the newest one. Posting the same table again is idempotent (200 with the stored table's
 * summary instead of 201). Bodies over {@code infer-edge.support.max-request-size} are refused with
 * 413 before they get here. Thread-safe (stateless).
 */
@RestController
@RequestMapping("/api/v1/profile-tables")
final class ProfileTableController {

  static final String PATH = "/api/v1/profile-tables";

  private final ProfileTableRepository repository;
  private final TelemetryProperties properties;
  private final JsonMapper json;
  private final Clock clock;

  ProfileTableController(
      ProfileTableRepository repository,
      TelemetryProperties properties,
      JsonMapper json,
      Clock clock) {
    this.repository = repository;
    this.properties = properties;
    this.json = json;
    this.clock = clock;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ProfileTableSummary> post(@RequestBody byte[] body) {
    PostedProfileTable table = PostedProfileTable.parse(body, json);
    ProfileTableRepository.Stored stored = repository.store(table, clock.instant());
    URI location = URI.create(PATH + "/" + stored.table().id());
    if (stored.created()) {
      return ResponseEntity.created(location).body(stored.table());
    }
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_LOCATION, location.toString())
        .body(stored.table());
  }

  @GetMapping
  PageResponse<ProfileTableSummary> list(@Valid ProfileTableQuery query) {
    int page = query.page() == null ? 0 : query.page();
    int size = query.size() == null ? properties.defaultPageSize() : query.size();
    if (size > properties.maxPageSize()) {
      throw new BadRequestException(
          "size", "size must be <= " + properties.maxPageSize() + ", was " + size);
    }
    return repository.list(query.name(), page, size);
  }

  /** The newest table, of one {@code name} when given. */
  @GetMapping("/latest")
  ResponseEntity<byte[]> latest(
      @RequestParam(required = false)
          @Pattern(
              regexp = "[a-z0-9][a-z0-9_.-]{0,63}",
              message = "name must be 1-64 characters of [a-z0-9_.-]")
          String name) {
    return body(
        repository
            .latest(name)
            .orElseThrow(
                () ->
                    new ProfileTableNotFoundException(
                        "name",
                        name == null
                            ? "no profile table is stored"
                            : "no profile table named '" + name + "' is stored")));
  }

  @GetMapping("/{id}")
  ResponseEntity<byte[]> get(@PathVariable String id) {
    long key = parseId(id);
    return body(
        repository
            .find(key)
            .orElseThrow(
                () ->
                    new ProfileTableNotFoundException(
                        "id", "no profile table is stored with id " + key)));
  }

  /** The stored JSON, with the table's id (Content-Location) and content hash (ETag). */
  private static ResponseEntity<byte[]> body(StoredProfileTable table) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.CONTENT_LOCATION, PATH + "/" + table.id())
        .eTag("\"" + table.contentHash() + "\"")
        .body(table.body().getBytes(StandardCharsets.UTF_8));
  }

  private static long parseId(String text) {
    try {
      long id = Long.parseLong(text);
      if (id >= 1) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRequestException(
        "id", "id must be a positive integer or 'latest', was '" + clip(text) + "'");
  }

  private static String clip(String text) {
    return text.length() <= 100 ? text : text.substring(0, 100) + "...";
  }

  /** No stored table matches (404). */
  static final class ProfileTableNotFoundException extends ApiException {
    ProfileTableNotFoundException(String field, String detail) {
      super(HttpStatus.NOT_FOUND, field, detail);
    }
  }
}
