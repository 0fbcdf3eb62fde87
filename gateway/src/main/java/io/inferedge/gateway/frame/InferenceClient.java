package io.inferedge.gateway.frame;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.inferedge.contracts.Plan;
import io.inferedge.contracts.ProblemTypes;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.UUID;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one frame and its plan to the inference-service device tier ({@code POST
 * /api/v1/inferences}). The frame's bytes and content type are passed through untouched. An error
 * answer of the device tier is returned as it is ({@link Answer.Refused}), so that the caller can
 * hand a client error back to the client; a problem of type {@link ProblemTypes#SERVER_TIER_FAILED}
 * (the server tier could not run a split plan's tail) is returned as {@link
 * Answer.ServerTierFailed}, so that the caller can fall back to a device-only plan; transport
 * failures become {@link DeviceTierException}s.
 *
 * <p>Every call goes through a Resilience4j {@link CircuitBreaker} that counts {@link
 * DeviceTierException}s (unreachable, timed out, broken): once open, frames fail fast with a 503
 * problem instead of each waiting for a dead device tier, until a trial call after the breaker's
 * wait succeeds. Answers, error answers included, count as successes: the device tier is up.
 *
 * <p>Thread-safe: the {@link RestClient} and the breaker are, and this class holds no other state.
 */
final class InferenceClient {

  private final RestClient rest;
  private final CircuitBreaker breaker;
  private final JsonMapper json;

  /**
   * @param rest a client whose base URL is the device tier's and whose timeouts bound one frame
   * @param breaker records {@link DeviceTierException}s only
   * @param json reads the type of the device tier's problem bodies
   */
  InferenceClient(RestClient rest, CircuitBreaker breaker, JsonMapper json) {
    this.rest = rest;
    this.breaker = breaker;
    this.json = json;
  }

  /**
   * @throws DeviceTierException when the device tier is unreachable, too slow or broken, or its
   *     breaker is open
   */
  Answer infer(
      String streamId,
      long frameSeq,
      Plan plan,
      Integer groundTruth,
      MediaType contentType,
      byte[] frame) {
    try {
      return breaker.executeSupplier(
          () -> call(streamId, frameSeq, plan, groundTruth, contentType, frame));
    } catch (CallNotPermittedException e) {
      throw DeviceTierException.circuitOpen(e);
    }
  }

  private Answer call(
      String streamId,
      long frameSeq,
      Plan plan,
      Integer groundTruth,
      MediaType contentType,
      byte[] frame) {
    try {
      Answer answer =
          rest.post()
              .uri(
                  uri -> {
                    uri.path("/api/v1/inferences")
                        .queryParam("streamId", streamId)
                        .queryParam("frameSeq", frameSeq)
                        .queryParam("plan", plan.configId());
                    if (groundTruth != null) {
                      uri.queryParam("groundTruth", groundTruth);
                    }
                    return uri.build();
                  })
              .contentType(contentType)
              .body(frame)
              .exchange(
                  (request, response) -> {
                    HttpStatusCode status = response.getStatusCode();
                    if (status.is2xxSuccessful()) {
                      return new Answer.Completed(response.bodyTo(InferenceResult.class));
                    }
                    return new Answer.Refused(
                        status,
                        response.getHeaders().getContentType(),
                        response.getBody().readAllBytes());
                  });
      if (answer instanceof Answer.Completed completed && !completed.isValid()) {
        throw DeviceTierException.failed("answer without a label or latency", null);
      }
      if (answer instanceof Answer.Refused refused && isServerTierFailure(refused)) {
        return new Answer.ServerTierFailed(refused);
      }
      if (answer instanceof Answer.Refused refused && !refused.isForTheClient()) {
        throw DeviceTierException.failed("status " + refused.status().value(), null);
      }
      return answer;
    } catch (ResourceAccessException e) {
      throw timedOut(e) ? DeviceTierException.timedOut(e) : DeviceTierException.unavailable(e);
    } catch (RestClientException e) {
      throw DeviceTierException.failed("unreadable answer", e);
    }
  }

  /**
   * Whether the device tier says that the server tier failed a split plan's tail: a problem body of
   * type {@link ProblemTypes#SERVER_TIER_FAILED} (inference-service's {@code ServerTierException}),
   * whatever its detail says.
   */
  private boolean isServerTierFailure(Answer.Refused refused) {
    if (refused.body().length == 0 || !refused.status().is5xxServerError()) {
      return false;
    }
    try {
      JsonNode type = json.readTree(refused.body()).get("type");
      return type != null
          && type.isString()
          && ProblemTypes.SERVER_TIER_FAILED.toString().equals(type.asString());
    } catch (JacksonException e) {
      return false; // not a problem body
    }
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** What the device tier answered. */
  sealed interface Answer {

    /** The frame was executed. */
    record Completed(InferenceResult result) implements Answer {
      boolean isValid() {
        return result != null && result.labelName() != null && result.latency() != null;
      }
    }

    /** An error status, with the device tier's body (normally an RFC 9457 problem) untouched. */
    record Refused(HttpStatusCode status, MediaType contentType, byte[] body) implements Answer {

      /**
       * Whether the client should see this answer as it is: a client error (bad frame or plan, too
       * many requests), or 503 (overloaded: the client may retry later). Any other server error is
       * the device tier's fault, which the client cannot act on.
       */
      boolean isForTheClient() {
        return status.is4xxClientError() || status.value() == 503;
      }
    }

    /**
     * The server tier could not run the plan's tail (unreachable, too slow, overloaded or refusing
     * the tensor); the device tier's answer is kept to be passed through when no fallback applies.
     */
    record ServerTierFailed(Refused refused) implements Answer {}
  }

  /**
   * The device tier's answer for an executed frame; fields the gateway does not use are ignored.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record InferenceResult(
      UUID eventId,
      String streamId,
      long frameSeq,
      String deviceId,
      Plan plan,
      int label,
      String labelName,
      double confidence,
      Integer groundTruth,
      Latency latency,
      Long bytesSent,
      Integer serverBatchSize) {

    /** Bytes sent to the server tier, 0 when the device tier did not say. */
    long sentBytes() {
      return bytesSent == null ? 0 : bytesSent;
    }
  }

  /**
   * The device tier's latency breakdown of one frame, in microseconds; {@code serverQueueMicros}
   * null when the device tier did not report it.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Latency(
      long preprocessMicros,
      long deviceComputeMicros,
      long transferMicros,
      long serverComputeMicros,
      long totalMicros,
      Long serverQueueMicros) {

    long queueMicros() {
      return serverQueueMicros == null ? 0 : serverQueueMicros;
    }
  }
}
