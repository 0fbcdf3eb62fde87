package io.inferedge.telemetry.inference;

import io.inferedge.support.web.ApiException;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/** No inference is stored under the requested event id (404). */
final class InferenceNotFoundException extends ApiException {

  InferenceNotFoundException(UUID eventId) {
    super(HttpStatus.NOT_FOUND, "eventId", "no inference is stored with eventId " + eventId);
  }
}
