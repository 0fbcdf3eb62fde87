package io.inferedge.gateway.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import io.inferedge.gateway.FakeService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/** The clients of policy-service and the device tier against a closed port and a stalled server. */
class DownstreamClientsTest {

  static final Plan DEFAULT = Plan.parse("nano/c3/r64/s1");
  static final FakeService STALLED = new FakeService();

  @AfterAll
  static void stop() {
    STALLED.close();
  }

  @Test
  void policyServiceNotListeningGivesTheDefaultPlan() throws IOException {
    var client =
        policyClient(client(closedPortUrl(), Duration.ofSeconds(1)), Duration.ofSeconds(1));

    Decision decision = client.decide("cam-1", StreamRequirements.BALANCED);

    assertThat(decision.plan()).isEqualTo(DEFAULT);
    assertThat(decision.policyVersion()).isEqualTo("fallback-default");
    assertThat(decision.decisionId()).isNotNull();
    assertThat(decision.isFallback()).isTrue();
  }

  @Test
  void policyServiceSlowerThanTheTimeLimiterGivesTheDefaultPlan() {
    var release = new CountDownLatch(1);
    STALLED.respond(
        request -> {
          release.await(10, TimeUnit.SECONDS);
          return FakeService.Response.json(200, "{}");
        });
    // The HTTP read timeout is longer: the time limiter is what gives up.
    var client =
        policyClient(client(STALLED.url(), Duration.ofSeconds(10)), Duration.ofMillis(200));
    try {
      assertThat(client.decide("cam-1", StreamRequirements.BALANCED).isFallback()).isTrue();
    } finally {
      release.countDown();
      client.close();
    }
  }

  @Test
  void policyServiceIsNotCalledWhileItsBreakerIsOpen() {
    STALLED.respond(request -> FakeService.Response.json(500, "{}"));
    var breaker = CircuitBreaker.ofDefaults("policy-service");
    breaker.transitionToOpenState();
    var client =
        new PolicyClient(
            client(STALLED.url(), Duration.ofSeconds(1)),
            DEFAULT,
            breaker,
            TimeLimiter.of(Duration.ofSeconds(1)),
            4);

    assertThat(client.decide("cam-1", StreamRequirements.BALANCED).isFallback()).isTrue();
    assertThat(STALLED.takeRequest()).isNull();
    client.close();
  }

  @Test
  void deviceTierNotListeningIsUnavailable() throws IOException {
    var client =
        new InferenceClient(
            client(closedPortUrl(), Duration.ofSeconds(1)),
            CircuitBreaker.ofDefaults("device-tier"),
            JsonMapper.shared());

    assertThatThrownBy(() -> infer(client))
        .isInstanceOfSatisfying(
            DeviceTierException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
              assertThat(e.getMessage()).isEqualTo("device tier unavailable");
            });
  }

  @Test
  void deviceTierSlowerThanTheTimeoutIsAGatewayTimeout() {
    var release = new CountDownLatch(1);
    STALLED.respond(
        request -> {
          release.await(10, TimeUnit.SECONDS);
          return FakeService.Response.json(200, "{}");
        });
    var client =
        new InferenceClient(
            client(STALLED.url(), Duration.ofMillis(200)),
            CircuitBreaker.ofDefaults("device-tier"),
            JsonMapper.shared());
    try {
      assertThatThrownBy(() -> infer(client))
          .isInstanceOfSatisfying(
              DeviceTierException.class,
              e -> assertThat(e.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT));
    } finally {
      release.countDown();
    }
  }

  @Test
  void deviceTierAnsweringWithoutALabelHasFailed() {
    STALLED.respond(request -> FakeService.Response.json(200, "{\"label\":3}"));
    var client =
        new InferenceClient(
            client(STALLED.url(), Duration.ofSeconds(1)),
            CircuitBreaker.ofDefaults("device-tier"),
            JsonMapper.shared());

    assertThatThrownBy(() -> infer(client))
        .isInstanceOfSatisfying(
            DeviceTierException.class,
            e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_GATEWAY));
  }

  private static PolicyClient policyClient(RestClient rest, Duration timeout) {
    return new PolicyClient(
        rest, DEFAULT, CircuitBreaker.ofDefaults("policy-service"), TimeLimiter.of(timeout), 4);
  }

  private static InferenceClient.Answer infer(InferenceClient client) {
    return client.infer("cam-1", 0, DEFAULT, null, MediaType.APPLICATION_OCTET_STREAM, new byte[1]);
  }

  private static RestClient client(String baseUrl, Duration readTimeout) {
    return RestClient.builder()
        .baseUrl(baseUrl)
        .requestFactory(FrameConfiguration.requestFactory(Duration.ofSeconds(1), readTimeout))
        .build();
  }

  /** A local port nothing listens on: bound once to find it free, then released. */
  private static String closedPortUrl() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }
}
