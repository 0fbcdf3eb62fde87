package io.inferedge.telemetry.outcome;

import io.inferedge.contracts.OutcomeRecorded;
import io.inferedge.contracts.Topics;
import io.inferedge.telemetry.TelemetryProperties;
import io.inferedge.telemetry.energy.EnergyAttribution;
import io.inferedge.telemetry.energy.EnergyAttribution.DeviceEnergy;
import io.inferedge.telemetry.energy.EnergyAttribution.Energy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Turns stored frames and power samples into outcomes, and outcomes into {@link OutcomeRecorded}
 * records on {@link Topics#OUTCOME_RECORDED}.
 *
 * <p>Attribution, in one transaction per run: take the pending frames that are ready (their
 * device's power samples reach past the end of their compute interval, or they have waited {@code
 * maxWait} for late samples), integrate each device's power over them with {@link
 * EnergyAttribution} (sharing time with every stored frame of the device that overlaps), add the
 * radio energy, store the outcomes and remove the frames from the queue. A frame whose samples are
 * late simply stays pending until they arrive or the wait runs out: it is never dropped.
 *
 * <p>Publishing is a transactional outbox: outcomes are stored unpublished, sent, and marked
 * published once Kafka acknowledged them; whatever was not acknowledged is sent again by the next
 * run, with the same event id (consumers deduplicate on it). So an outcome reaches Kafka at least
 * once even if the service dies between the database commit and the send.
 *
 * <p>Each committed outcome is recorded in the per-stream latency, accuracy and energy meters of
 * {@link OutcomeMeters}.
 *
 * <p>Thread-safe: runs are serialised by a database advisory lock (and, in one instance, by the
 * single job thread).
 */
@Component
final class OutcomeJob {

  private static final Logger log = LoggerFactory.getLogger(OutcomeJob.class);

  private final OutcomeRepository repository;
  private final TransactionOperations transactions;
  private final KafkaTemplate<String, Object> kafka;
  private final TelemetryProperties.Outcomes settings;
  private final EnergyAttribution attribution;
  private final Clock clock;
  private final Counter recorded;
  private final Counter extrapolated;
  private final Counter fallback;
  private final Counter published;
  private final OutcomeMeters outcomeMeters;

  OutcomeJob(
      OutcomeRepository repository,
      TransactionOperations transactions,
      KafkaTemplate<String, Object> kafka,
      TelemetryProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.repository = repository;
    this.transactions = transactions;
    this.kafka = kafka;
    this.settings = properties.outcomes();
    this.attribution =
        new EnergyAttribution(
            new EnergyAttribution.Settings(
                settings.maxSampleGap(),
                settings.maxExtrapolation(),
                settings.fallbackMilliwatts()));
    this.clock = clock;
    this.recorded =
        Counter.builder("telemetry.outcomes.recorded")
            .description("frames whose energy was attributed and outcome stored")
            .register(meters);
    this.extrapolated =
        Counter.builder("telemetry.outcomes.coverage")
            .description("outcomes whose power samples did not cover the compute interval")
            .tag("coverage", "extrapolated")
            .register(meters);
    this.fallback =
        Counter.builder("telemetry.outcomes.coverage")
            .description("outcomes whose power samples did not cover the compute interval")
            .tag("coverage", "fallback")
            .register(meters);
    this.published =
        Counter.builder("telemetry.outcomes.published")
            .description("OutcomeRecorded records acknowledged by Kafka")
            .register(meters);
    this.outcomeMeters = new OutcomeMeters(meters);
  }

  /** Attributes and publishes until nothing more is ready, a bounded number of rounds. */
  void run() {
    for (int round = 0; round < 20 && attributeOnce() == settings.batchSize(); round++) {
      // a full batch: more may be ready
    }
    for (int round = 0; round < 20 && publishOnce() == settings.batchSize(); round++) {
      // a full batch: more may be waiting
    }
  }

  /**
   * One attribution transaction.
   *
   * @return how many frames it completed
   */
  int attributeOnce() {
    Instant now = clock.instant();
    List<StoredOutcome> stored = new ArrayList<>();
    Integer done =
        transactions.execute(
            status -> {
              if (!repository.tryLock()) {
                return 0;
              }
              List<PendingFrame> ready =
                  repository.claimReady(now.minus(settings.maxWait()), settings.batchSize());
              if (ready.isEmpty()) {
                return 0;
              }
              List<UUID> ids = ready.stream().map(PendingFrame::eventId).toList();
              Map<String, List<FrameFacts>> byDevice =
                  repository.facts(ids).stream()
                      .collect(
                          Collectors.groupingBy(
                              FrameFacts::deviceId, LinkedHashMap::new, Collectors.toList()));
              List<StoredOutcome> outcomes = new ArrayList<>(ready.size());
              byDevice.forEach((device, frames) -> outcomes.addAll(attribute(device, frames, now)));
              repository.insert(outcomes);
              repository.deletePending(ids);
              stored.addAll(outcomes);
              return ready.size();
            });
    // Committed: only now are they outcomes (a rolled-back run attributes them again later).
    stored.forEach(outcomeMeters::record);
    int count = done == null ? 0 : done;
    if (count > 0) {
      log.debug("attributed the energy of {} frames", count);
    }
    return count;
  }

  private List<StoredOutcome> attribute(String device, List<FrameFacts> frames, Instant now) {
    Instant from =
        frames.stream().map(FrameFacts::computeStartedAt).min(Comparator.naturalOrder()).get();
    Instant to =
        frames.stream().map(FrameFacts::computeEndedAt).max(Comparator.naturalOrder()).get();
    List<EnergyAttribution.Frame> targets =
        frames.stream()
            .map(
                f ->
                    new EnergyAttribution.Frame(
                        f.eventId(), f.computeStartedAt(), f.computeEndedAt()))
            .toList();
    Map<UUID, Energy> energies =
        attribution.attribute(
            targets,
            repository.deviceFrames(device, from, to),
            repository.samples(device, from, to, settings.maxExtrapolation()));
    List<StoredOutcome> outcomes = new ArrayList<>(frames.size());
    for (FrameFacts frame : frames) {
      Energy compute = energies.get(frame.eventId());
      switch (compute.coverage()) {
        case EXTRAPOLATED -> extrapolated.increment();
        case FALLBACK -> fallback.increment();
        case SAMPLED -> {}
      }
      DeviceEnergy energy =
          EnergyAttribution.deviceEnergy(
              compute, frame.transferMicros(), frame.radioTransmitMilliwatts());
      outcomes.add(
          new StoredOutcome(
              frame.eventId(),
              UUID.randomUUID(),
              frame.occurredAt(),
              now,
              frame.streamId(),
              frame.frameSeq(),
              frame.deviceId(),
              frame.plan(),
              frame.configId(),
              frame.linkProfile(),
              frame.totalLatencyMicros(),
              frame.correct(),
              energy.computeMillijoules(),
              energy.computeSource(),
              energy.radioMillijoules(),
              energy.millijoules(),
              energy.source(),
              compute.coverage(),
              null));
    }
    recorded.increment(outcomes.size());
    return outcomes;
  }

  /**
   * Sends one batch of unpublished outcomes and marks those Kafka acknowledged.
   *
   * @return how many were read from the outbox
   */
  int publishOnce() {
    List<StoredOutcome> outbox = repository.unpublished(settings.batchSize());
    if (outbox.isEmpty()) {
      return 0;
    }
    Map<UUID, CompletableFuture<SendResult<String, Object>>> sends = new LinkedHashMap<>();
    try {
      for (StoredOutcome outcome : outbox) {
        sends.put(
            outcome.inferenceEventId(),
            kafka.send(Topics.OUTCOME_RECORDED, outcome.streamId(), outcome.toEvent()));
      }
    } catch (RuntimeException e) {
      // The broker is unreachable (the send blocked for max.block.ms): the rest waits for later.
      log.debug("stopped sending outcomes: {}", e.toString());
    }
    try {
      CompletableFuture.allOf(sends.values().toArray(CompletableFuture[]::new))
          .get(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.debug("not every outcome was acknowledged: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<UUID> acknowledged =
        sends.entrySet().stream()
            .filter(e -> e.getValue().isDone() && !e.getValue().isCompletedExceptionally())
            .map(Map.Entry::getKey)
            .toList();
    if (!acknowledged.isEmpty()) {
      repository.markPublished(acknowledged, clock.instant());
      published.increment(acknowledged.size());
    }
    if (acknowledged.size() < outbox.size()) {
      throw new IllegalStateException(
          (outbox.size() - acknowledged.size())
              + " outcomes were not acknowledged by Kafka; they stay in the outbox");
    }
    return outbox.size();
  }
}
