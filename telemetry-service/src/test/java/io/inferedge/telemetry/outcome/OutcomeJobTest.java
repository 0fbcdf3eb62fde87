package io.inferedge.telemetry.outcome;

import static io.inferedge.contracts.MeasurementSource.EMULATED;
import static io.inferedge.contracts.MeasurementSource.MEASURED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.contracts.OutcomeRecorded;
import io.inferedge.contracts.Plan;
import io.inferedge.contracts.Topics;
import io.inferedge.telemetry.Events;
import io.inferedge.telemetry.MutableClock;
import io.inferedge.telemetry.TelemetryProperties;
import io.inferedge.telemetry.TestPostgres;
import io.inferedge.telemetry.energy.EnergyAttribution.Coverage;
import io.inferedge.telemetry.inference.InferenceRepository;
import io.inferedge.telemetry.power.PowerRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The attribution job on a real PostgreSQL of its own, with a clock the test moves and a template
 * that records what would go to Kafka. Expected energies are hand-computed in the comments.
 */
class OutcomeJobTest {

  static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

  private static DataSource dataSource;
  private static JdbcClient jdbc;

  private final MutableClock clock = new MutableClock(T0.plusSeconds(1));
  private final List<OutcomeRecorded> sent = new CopyOnWriteArrayList<>();
  private final AtomicBoolean kafkaDown = new AtomicBoolean();
  private InferenceRepository inferences;
  private PowerRepository power;
  private OutcomeRepository outcomes;
  private OutcomeJob job;

  @BeforeAll
  static void migrate() {
    dataSource = TestPostgres.migratedDatabase("outcome_job");
    jdbc = JdbcClient.create(dataSource);
  }

  @BeforeEach
  @SuppressWarnings("unchecked")
  void wire() {
    var transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    inferences =
        new InferenceRepository(
            jdbc, new org.springframework.jdbc.core.JdbcTemplate(dataSource), transactions, clock);
    power = new PowerRepository(jdbc, transactions);
    outcomes = new OutcomeRepository(jdbc);
    KafkaTemplate<String, Object> kafka = mock(KafkaTemplate.class);
    when(kafka.send(anyString(), anyString(), any()))
        .thenAnswer(
            call -> {
              assertThat(call.<String>getArgument(0)).isEqualTo(Topics.OUTCOME_RECORDED);
              OutcomeRecorded event = call.getArgument(2);
              assertThat(call.<String>getArgument(1)).isEqualTo(event.streamId());
              if (kafkaDown.get()) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
              }
              sent.add(event);
              return CompletableFuture.completedFuture(null);
            });
    var properties =
        new TelemetryProperties(
            500,
            50,
            3,
            new TelemetryProperties.Outcomes(
                true,
                Duration.ofMillis(250),
                5_000,
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                Duration.ofMillis(500),
                6_470,
                Duration.ofSeconds(5)),
            new TelemetryProperties.Retention(true, 30, Duration.ofHours(1), 10_000),
            new TelemetryProperties.Query(Duration.ofHours(1), Duration.ofDays(31), 10_000));
    job =
        new OutcomeJob(outcomes, transactions, kafka, properties, clock, new SimpleMeterRegistry());
  }

  private static Instant ms(double millis) {
    return T0.plusNanos(Math.round(millis * 1_000_000));
  }

  private StoredOutcome outcome(InferenceCompleted frame) {
    return outcomes.findByInference(frame.eventId()).orElseThrow();
  }

  private boolean pending(InferenceCompleted frame) {
    return jdbc.sql("SELECT count(*) FROM pending_frame WHERE event_id = :id")
            .param("id", frame.eventId())
            .query(Long.class)
            .single()
        == 1;
  }

  @Test
  void aFrameCoveredBySamplesGetsItsMeasuredEnergyAndIsPublished() {
    // 2 W from 0 to 100 ms; the frame computes [20, 60] ms: 2 W x 0.04 s = 80 mJ.
    InferenceCompleted frame = Events.frame("oj-covered", "oj-dev-1", ms(20), ms(60));
    inferences.storeAll(List.of(frame));
    power.storeAll(List.of(Events.power("oj-dev-1", MEASURED, T0, 0, 2_000, 100, 2_000)));

    assertThat(job.attributeOnce()).isEqualTo(1);
    assertThat(job.publishOnce()).isPositive();

    StoredOutcome stored = outcome(frame);
    assertThat(stored.computeEnergyMillijoules()).isCloseTo(80.0, within(1e-9));
    assertThat(stored.radioEnergyMillijoules()).isZero();
    assertThat(stored.deviceEnergyMillijoules()).isCloseTo(80.0, within(1e-9));
    assertThat(stored.energySource()).isEqualTo(MEASURED);
    assertThat(stored.coverage()).isEqualTo(Coverage.SAMPLED);
    assertThat(stored.latencyMicros()).isEqualTo(frame.totalLatencyMicros());
    assertThat(stored.correct()).isTrue();
    assertThat(stored.linkProfile()).isEqualTo("wifi-20");
    assertThat(stored.publishedAt()).isEqualTo(clock.instant());
    assertThat(pending(frame)).isFalse();

    OutcomeRecorded event =
        sent.stream()
            .filter(e -> e.inferenceEventId().equals(frame.eventId()))
            .findFirst()
            .orElseThrow();
    assertThat(event.eventId()).isEqualTo(stored.eventId());
    assertThat(event.inferenceEventId()).isEqualTo(frame.eventId());
    assertThat(event.streamId()).isEqualTo("oj-covered");
    assertThat(event.plan()).isEqualTo(frame.plan());
    assertThat(event.latencyMicros()).isEqualTo(frame.totalLatencyMicros());
    assertThat(event.correct()).isTrue();
    assertThat(event.deviceEnergyMillijoules()).isCloseTo(80.0, within(1e-9));
    assertThat(event.energySource()).isEqualTo(MEASURED);
  }

  @Test
  void aFrameWaitsForLateSamplesAndIsCompletedWhenTheyArrive() {
    InferenceCompleted frame = Events.frame("oj-late", "oj-dev-2", ms(20), ms(60));
    inferences.storeAll(List.of(frame));
    power.storeAll(List.of(Events.power("oj-dev-2", MEASURED, T0, 0, 3_000)));

    assertThat(job.attributeOnce()).isZero();
    clock.advance(Duration.ofSeconds(9)); // still within the 10 s wait
    assertThat(job.attributeOnce()).isZero();
    assertThat(pending(frame)).isTrue();

    // The late batch: 3 W throughout, [20, 60] ms = 120 mJ.
    power.storeAll(List.of(Events.power("oj-dev-2", MEASURED, T0, 100, 3_000)));
    assertThat(job.attributeOnce()).isEqualTo(1);

    StoredOutcome stored = outcome(frame);
    assertThat(stored.deviceEnergyMillijoules()).isCloseTo(120.0, within(1e-9));
    assertThat(stored.coverage()).isEqualTo(Coverage.SAMPLED);
    assertThat(stored.energySource()).isEqualTo(MEASURED);
  }

  @Test
  void afterTheWaitAFrameIsCompletedWithWhatThereIsLabelledEmulated() {
    // Samples stop at 50 ms; the frame runs to 60 ms. After 10 s: [20, 50] at 2 W = 60 mJ, and
    // [50, 60] holding the last sample's 2 W = 20 mJ: 80 mJ, extrapolated, emulated.
    InferenceCompleted frame = Events.frame("oj-wait", "oj-dev-3", ms(20), ms(60));
    inferences.storeAll(List.of(frame));
    power.storeAll(List.of(Events.power("oj-dev-3", MEASURED, T0, 0, 2_000, 50, 2_000)));
    clock.advance(Duration.ofMillis(9_999));
    assertThat(job.attributeOnce()).isZero();

    clock.advance(Duration.ofMillis(1));
    assertThat(job.attributeOnce()).isEqualTo(1);

    StoredOutcome stored = outcome(frame);
    assertThat(stored.deviceEnergyMillijoules()).isCloseTo(80.0, within(1e-9));
    assertThat(stored.coverage()).isEqualTo(Coverage.EXTRAPOLATED);
    assertThat(stored.energySource()).isEqualTo(EMULATED);
  }

  @Test
  void aDeviceThatNeverSentPowerGetsTheFallbackAfterTheWait() {
    // No samples: 6.47 W x 0.04 s = 258.8 mJ.
    InferenceCompleted frame = Events.frame("oj-none", "oj-dev-4", ms(20), ms(60));
    inferences.storeAll(List.of(frame));
    clock.advance(Duration.ofSeconds(10));

    assertThat(job.attributeOnce()).isEqualTo(1);

    StoredOutcome stored = outcome(frame);
    assertThat(stored.deviceEnergyMillijoules()).isCloseTo(258.8, within(1e-9));
    assertThat(stored.coverage()).isEqualTo(Coverage.FALLBACK);
    assertThat(stored.energySource()).isEqualTo(EMULATED);
  }

  @Test
  void framesOfTwoStreamsOverlappingOnOneDeviceShareIt() {
    // Constant 4 W. A [10, 50] and B [30, 70] ms: 80 + 40 = 120 mJ each (see EnergyAttribution).
    InferenceCompleted a = Events.frame("oj-share-a", "oj-dev-5", ms(10), ms(50));
    InferenceCompleted b = Events.frame("oj-share-b", "oj-dev-5", ms(30), ms(70));
    inferences.storeAll(List.of(a, b));
    power.storeAll(List.of(Events.power("oj-dev-5", MEASURED, T0, 0, 4_000, 100, 4_000)));

    assertThat(job.attributeOnce()).isEqualTo(2);

    assertThat(outcome(a).deviceEnergyMillijoules()).isCloseTo(120.0, within(1e-9));
    assertThat(outcome(b).deviceEnergyMillijoules()).isCloseTo(120.0, within(1e-9));
  }

  @Test
  void framesStoredInDifferentPollsStillShareTheDevice() {
    // A is stored and waits (no samples yet); B arrives in a later poll; the samples come last.
    // Both get 120 mJ: the device's 240 mJ over [10, 70] ms is not counted twice.
    InferenceCompleted a = Events.frame("oj-polls-a", "oj-dev-6", ms(10), ms(50));
    InferenceCompleted b = Events.frame("oj-polls-b", "oj-dev-6", ms(30), ms(70));
    inferences.storeAll(List.of(a));
    assertThat(job.attributeOnce()).isZero();
    inferences.storeAll(List.of(b));
    power.storeAll(List.of(Events.power("oj-dev-6", MEASURED, T0, 0, 4_000, 100, 4_000)));

    assertThat(job.attributeOnce()).isEqualTo(2);

    assertThat(outcome(a).deviceEnergyMillijoules()).isCloseTo(120.0, within(1e-9));
    assertThat(outcome(b).deviceEnergyMillijoules()).isCloseTo(120.0, within(1e-9));
  }

  @Test
  void radioEnergyIsAddedAndMakesTheFrameEmulated() {
    // 40 ms at 2 W = 80 mJ compute (measured) + 7,373 us at 5,796 mW = 42.733908 mJ radio.
    InferenceCompleted frame =
        Events.frame(
            "oj-radio",
            0,
            "oj-dev-7",
            new Plan("nano", 1, 64, 1),
            ms(20),
            ms(60),
            null,
            7_373,
            5_796.0);
    inferences.storeAll(List.of(frame));
    power.storeAll(List.of(Events.power("oj-dev-7", MEASURED, T0, 0, 2_000, 100, 2_000)));

    job.attributeOnce();

    StoredOutcome stored = outcome(frame);
    assertThat(stored.computeEnergyMillijoules()).isCloseTo(80.0, within(1e-9));
    assertThat(stored.computeSource()).isEqualTo(MEASURED);
    assertThat(stored.radioEnergyMillijoules()).isCloseTo(42.733908, within(1e-9));
    assertThat(stored.deviceEnergyMillijoules()).isCloseTo(122.733908, within(1e-9));
    assertThat(stored.energySource()).isEqualTo(EMULATED);
    assertThat(stored.correct()).isNull();
  }

  @Test
  void outcomesKafkaDidNotAcknowledgeStayInTheOutboxAndGoOutLaterWithTheSameId() {
    InferenceCompleted frame = Events.frame("oj-outbox", "oj-dev-8", ms(20), ms(60));
    inferences.storeAll(List.of(frame));
    power.storeAll(List.of(Events.power("oj-dev-8", MEASURED, T0, 0, 2_000, 100, 2_000)));
    job.attributeOnce();

    kafkaDown.set(true);
    assertThatThrownBy(() -> job.publishOnce()).hasMessageContaining("not acknowledged");
    assertThat(outcome(frame).publishedAt()).isNull();

    kafkaDown.set(false);
    job.publishOnce();

    assertThat(outcome(frame).publishedAt()).isNotNull();
    assertThat(sent)
        .filteredOn(e -> e.inferenceEventId().equals(frame.eventId()))
        .singleElement()
        .extracting(OutcomeRecorded::eventId)
        .isEqualTo(outcome(frame).eventId());
  }

  @Test
  void aRedeliveredFrameIsQueuedAndAttributedOnce() {
    InferenceCompleted frame = Events.frame("oj-once", "oj-dev-9", ms(20), ms(60));
    power.storeAll(List.of(Events.power("oj-dev-9", MEASURED, T0, 0, 2_000, 100, 2_000)));
    inferences.storeAll(List.of(frame));
    job.attributeOnce();

    inferences.storeAll(List.of(frame));

    assertThat(pending(frame)).isFalse();
    assertThat(job.attributeOnce()).isZero();
    assertThat(
            jdbc.sql("SELECT count(*) FROM outcome WHERE inference_event_id = :id")
                .param("id", frame.eventId())
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }
}
