package io.inferedge.inference.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.contracts.Plan;
import io.inferedge.contracts.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

class InferenceEventPublisherTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @SuppressWarnings("unchecked")
  private final KafkaTemplate<String, Object> kafka = mock(KafkaTemplate.class);

  private static InferenceCompleted event(String streamId) {
    Instant now = Instant.parse("2026-11-26T08:00:00Z");
    return new InferenceCompleted(
        UUID.randomUUID(),
        now,
        InferenceCompleted.SCHEMA_VERSION,
        streamId,
        1,
        "device-1",
        new Plan("nano", 3, 64, 1),
        2,
        0.5,
        Collections.nCopies(10, 0.1),
        null,
        10,
        20,
        0,
        0,
        40,
        0,
        now,
        now);
  }

  private double failures() {
    return meters.get("inference.events.publish.failures").counter().count();
  }

  @Test
  void sendsKeyedByStreamAndCountsNothingOnSuccess() throws Exception {
    InferenceCompleted event = event("cam-9");
    when(kafka.send(eq(Topics.INFERENCE_COMPLETED), eq("cam-9"), any()))
        .thenReturn(CompletableFuture.completedFuture(mock(SendResult.class)));
    InferenceEventPublisher publisher = new InferenceEventPublisher(kafka, meters);

    publisher.publish(event);
    publisher.destroy();

    verify(kafka).send(Topics.INFERENCE_COMPLETED, "cam-9", event);
    assertThat(failures()).isZero();
  }

  @Test
  void countsSendsTheBrokerRefusesOrThatThrow() throws Exception {
    when(kafka.send(eq(Topics.INFERENCE_COMPLETED), eq("cam-1"), any()))
        .thenReturn(CompletableFuture.failedFuture(new IllegalStateException("broker said no")));
    when(kafka.send(eq(Topics.INFERENCE_COMPLETED), eq("cam-2"), any()))
        .thenThrow(new IllegalStateException("metadata timeout"));
    InferenceEventPublisher publisher = new InferenceEventPublisher(kafka, meters);

    publisher.publish(event("cam-1"));
    publisher.publish(event("cam-2"));

    await().atMost(Duration.ofSeconds(5)).until(() -> failures() == 2);
    publisher.destroy();
  }
}
