package io.inferedge.gateway.stream;

import io.inferedge.contracts.StreamRequirements;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The streams registered at the gateway (replayed from the compacted topic at start, so a restart
 * or a second instance knows them). A frame of an unregistered stream is served with {@link
 * StreamRequirements#BALANCED}, so clients that never register keep working.
 *
 * <p>Thread-safe: a concurrent map, read without locks by every frame.
 */
public final class StreamRegistry {

  private final Map<String, StreamRegistration> streams = new ConcurrentHashMap<>();

  public void put(StreamRegistration registration) {
    streams.put(registration.streamId(), registration);
  }

  /** Forgets a stream; false if it was not registered. */
  public boolean remove(String streamId) {
    return streams.remove(streamId) != null;
  }

  public Optional<StreamRegistration> find(String streamId) {
    return Optional.ofNullable(streams.get(streamId));
  }

  /** The stream's requirements, {@link StreamRequirements#BALANCED} when it is not registered. */
  public StreamRequirements requirements(String streamId) {
    StreamRegistration registration = streams.get(streamId);
    return registration == null ? StreamRequirements.BALANCED : registration.requirements();
  }

  /** Every registration, by stream id. */
  public List<StreamRegistration> all() {
    return streams.values().stream()
        .sorted(Comparator.comparing(StreamRegistration::streamId))
        .toList();
  }
}
