package io.inferedge.inference.tier;

import io.inferedge.inference.InferenceProperties;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The device tier's HTTP client to its server tier ({@code infer-edge.inference.server-url}): posts
 * one encoded tensor to {@code /api/v1/tensors} and reads the probabilities and the server's queue
 * and compute times. The whole exchange, connect included, must finish within {@code
 * server-timeout}: an unreachable server tier is a 503 problem, a slow one a 504, each naming the
 * server tier's URL; a server tier that refuses the tensor is a 502 (the tiers disagree, which the
 * client cannot fix), or 503 when it is overloaded. Every tensor carries the tier secret ({@link
 * TierSecret}); a server tier that refuses it answers 401, reported as a 502.
 *
 * <p>Thread-safe: one {@link HttpClient} (HTTP/1.1, connections reused) serves every request.
 */
@Component
public final class ServerTierClient {

  private final URI serverUrl;
  private final Duration timeout;
  private final JsonMapper json;
  private final HttpClient http;
  private final TierSecret secret;

  ServerTierClient(InferenceProperties properties, JsonMapper json, TierSecret secret) {
    this.secret = secret;
    this.serverUrl = properties.serverUrl();
    this.timeout = properties.serverTimeout();
    this.json = json;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
  }

  /** Whether a server tier is configured. */
  public boolean isConfigured() {
    return serverUrl != null;
  }

  /** The server tier's base URL, or null when there is none. */
  public URI serverUrl() {
    return serverUrl;
  }

  /**
   * What the server tier answered for one tensor.
   *
   * @param probabilities class probabilities
   * @param serverQueueMicros the tensor's wait on the server for its batch
   * @param serverComputeMicros the batched call's wall time
   * @param batchSize tensors in that call
   * @param roundTripNanos from just before sending to the parsed answer, measured here
   */
  public record Answer(
      float[] probabilities,
      long serverQueueMicros,
      long serverComputeMicros,
      int batchSize,
      long roundTripNanos) {}

  /**
   * Sends {@code tensor} for the tail of {@code model} after cut {@code cut}.
   *
   * @throws ServerTierException when the server tier is not configured, unreachable, too slow or
   *     refuses the tensor
   */
  public Answer send(String model, int cut, TensorCodec.Encoded tensor) {
    if (serverUrl == null) {
      throw new ServerTierException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "no server tier is configured (infer-edge.inference.server-url)",
          null);
    }
    String base = serverUrl.toString().replaceAll("/+$", "");
    URI uri =
        URI.create(
            base
                + "/api/v1/tensors?model="
                + URLEncoder.encode(model, StandardCharsets.UTF_8)
                + "&cut="
                + cut);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", TensorCodec.MEDIA_TYPE)
            .header("Accept", "application/json")
            .header(TensorCodec.SHAPE_HEADER, tensor.shapeText())
            .header(TensorCodec.DTYPE_HEADER, tensor.dtype().wireName())
            .POST(HttpRequest.BodyPublishers.ofByteArray(tensor.body()));
    if (secret.isConfigured()) {
      request.header(TierSecret.HEADER, secret.value());
    }
    if (tensor.scale() != null) {
      request.header(TensorCodec.SCALE_HEADER, Float.toString(tensor.scale()));
    }
    long started = System.nanoTime();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new ServerTierException(
          HttpStatus.GATEWAY_TIMEOUT,
          "the server tier at "
              + serverUrl
              + " did not answer within "
              + timeout.toMillis()
              + " ms (infer-edge.inference.server-timeout)",
          e);
    } catch (IOException e) {
      throw new ServerTierException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "the server tier at " + serverUrl + " is unreachable: " + e,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerTierException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "interrupted while waiting for the server tier at " + serverUrl,
          e);
    }
    if (response.statusCode() != 200) {
      throw refused(response);
    }
    try {
      JsonNode body = json.readTree(response.body());
      JsonNode scores = body.get("probabilities");
      if (scores == null || !scores.isArray()) {
        throw new IllegalStateException("no probabilities");
      }
      float[] probabilities = new float[scores.size()];
      for (int i = 0; i < probabilities.length; i++) {
        probabilities[i] = (float) scores.get(i).asDouble();
      }
      long roundTrip = System.nanoTime() - started;
      return new Answer(
          probabilities,
          body.get("serverQueueMicros").asLong(),
          body.get("serverComputeMicros").asLong(),
          body.get("batchSize").asInt(),
          roundTrip);
    } catch (RuntimeException e) {
      throw new ServerTierException(
          HttpStatus.BAD_GATEWAY,
          "the server tier at " + serverUrl + " gave an unreadable answer: " + e.getMessage(),
          e);
    }
  }

  private ServerTierException refused(HttpResponse<byte[]> response) {
    String detail = new String(response.body(), StandardCharsets.UTF_8);
    try {
      JsonNode problem = json.readTree(response.body());
      if (problem.hasNonNull("detail")) {
        detail = problem.get("detail").asString();
      }
    } catch (JacksonException e) {
      // not a problem body; keep the raw text
    }
    if (detail.length() > 500) {
      detail = detail.substring(0, 500) + "...";
    }
    HttpStatus status =
        response.statusCode() == 503 ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY;
    return new ServerTierException(
        status,
        "the server tier at "
            + serverUrl
            + " answered "
            + response.statusCode()
            + (status == HttpStatus.SERVICE_UNAVAILABLE ? " (overloaded): " : ": ")
            + detail,
        null);
  }
}
