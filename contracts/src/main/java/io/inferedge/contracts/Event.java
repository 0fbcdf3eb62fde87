package io.inferedge.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * What every Kafka record has: a unique id that consumers deduplicate on, the time the fact
 * happened, and the version of the record's schema.
 */
public interface Event {

  UUID eventId();

  Instant occurredAt();

  int schemaVersion();
}
