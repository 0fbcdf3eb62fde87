package io.inferedge.telemetry.profile;

/**
 * One stored trade-off table: its id, content hash and body (PostgreSQL's jsonb text of what was
 * posted: the same JSON value, keys in jsonb's order). Immutable.
 */
record StoredProfileTable(long id, String contentHash, String body) {}
