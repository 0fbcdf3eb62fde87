package io.inferedge.gateway.frame;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.inferedge.contracts.Plan;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.UUID;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Sends one frame and its plan to the inference-service device tier ({@code POST
 * /api/v1/inferences}). The frame's bytes and content type are passed through untouched. An error
 * answer of the device tier is returned as it is ({@link Answer.Refused}), so that the caller can
 * hand a client error back to the client; transport failures become {@link DeviceTierException}s.
 *
 * <p>Thread-safe: the {@link RestClient} is, and this class holds no other state.
 */
final class InferenceClient {

  private final RestClient rest;

  /**
   * @param rest a client whose base URL is the device tier's and whose timeouts bound one frame
   */
  InferenceClient(RestClient rest) {
    this.rest = rest;
  }

  Answer infer(
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
