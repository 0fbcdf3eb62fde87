package io.inferedge.gateway.security;

import io.inferedge.support.SupportProperties;
import io.inferedge.support.security.KeyHashes;
import io.inferedge.support.web.ApiException;
import io.inferedge.support.web.BadRequestException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Issues and revokes API keys ({@code /api/v1/admin/api-keys}, admin key only; the security chain
 * enforces it). {@code POST} answers the new key once, in its body, and keeps only its SHA-256 and
 * its attributes (name, optional request size limit); {@code GET} lists ids, names, dates and size
 * limits, never a key or a hash; {@code DELETE /{id}} revokes an issued key on every gateway
 * instance. Keys provisioned from configuration are listed but revoked only by changing the
 * configuration (409).
 */
@RestController
@RequestMapping("/api/v1/admin/api-keys")
final class ApiKeyController {

  private final ApiKeyStore store;
  private final ApiKeyLog keyLog;
  private final Clock clock;
  private final long globalMaxRequestBytes;

  ApiKeyController(
      ApiKeyStore store, ApiKeyLog keyLog, Clock clock, SupportProperties supportProperties) {
    this.store = store;
    this.keyLog = keyLog;
    this.clock = clock;
    this.globalMaxRequestBytes = supportProperties.maxRequestSize().toBytes();
  }

  /**
   * What to issue: a name saying what the key is for and, optionally, the largest request body the
   * key may send (bytes, at most the global limit); without it the gateway's default applies.
   */
  record IssueRequest(
      @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "1 to 64 of A-Z a-z 0-9 . _ -")
          String name,
      @Positive Long maxRequestBytes) {}

  /** A key as listed: no key, no hash; the request size limit in force for it. */
  record KeyView(
      String id, String name, Instant createdAt, ApiKeyStore.Source source, long maxRequestBytes) {
    static KeyView of(ApiKeyStore.Entry entry) {
      return new KeyView(
          entry.id(), entry.name(), entry.createdAt(), entry.source(), entry.maxRequestBytes());
    }
  }

  /** The answer to an issue: the only time the key is shown. */
  record IssuedKey(String id, String name, Instant createdAt, long maxRequestBytes, String key) {}

  @PostMapping
  ResponseEntity<IssuedKey> issue(@Valid @RequestBody IssueRequest request) {
    if (request.maxRequestBytes() != null && request.maxRequestBytes() > globalMaxRequestBytes) {
      throw new BadRequestException(
          "maxRequestBytes",
          "maxRequestBytes must be at most the global limit of "
              + globalMaxRequestBytes
              + " bytes (infer-edge.support.max-request-size), was "
              + request.maxRequestBytes());
    }
    String key = KeyHashes.newKey();
    var issued =
        new ApiKeyIssued(
            UUID.randomUUID().toString(),
            request.name(),
            KeyHashes.sha256(key),
            clock.instant(),
            request.maxRequestBytes());
    keyLog.issued(issued);
    ApiKeyStore.Entry entry = store.find(issued.keyId());
    return ResponseEntity.created(URI.create("/api/v1/admin/api-keys/" + issued.keyId()))
        .header("Cache-Control", "no-store")
        .body(
            new IssuedKey(
                issued.keyId(), issued.name(), issued.createdAt(), entry.maxRequestBytes(), key));
  }

  @GetMapping
  List<KeyView> list() {
    return store.all().stream().map(KeyView::of).toList();
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> revoke(@PathVariable String id) {
    ApiKeyStore.Entry entry = store.find(id);
    if (entry == null) {
      throw new KeyNotFoundException(id);
    }
    if (entry.source() == ApiKeyStore.Source.CONFIG) {
      throw new ConfiguredKeyException(id);
    }
    keyLog.revoked(id);
    return ResponseEntity.noContent().build();
  }

  /** No key has this id (404). */
  static final class KeyNotFoundException extends ApiException {
    KeyNotFoundException(String id) {
      super(HttpStatus.NOT_FOUND, "id", "no API key with id " + id);
    }
  }

  /** The key comes from configuration and is revoked there (409). */
  static final class ConfiguredKeyException extends ApiException {
    ConfiguredKeyException(String id) {
      super(
          HttpStatus.CONFLICT,
          "id",
          "API key "
              + id
              + " is provisioned from configuration (infer-edge.gateway.security.api-keys);"
              + " remove it there");
    }
  }
}
