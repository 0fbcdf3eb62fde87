package io.inferedge.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A tiny HTTP client for tests that talk to the gateway over a real socket. By default it presents
 * {@link #TEST_KEY}, which tests accept by adding {@link #TEST_KEY_PROPERTY} to their properties.
 */
public final class Http {

  /** An API key for tests only; it opens nothing outside a test context. */
  public static final String TEST_KEY = "ie_test-only-key-not-a-secret";

  /** Accepts {@link #TEST_KEY} (its SHA-256) as the configured key named {@code test}. */
  public static final String TEST_KEY_PROPERTY =
      "infer-edge.gateway.security.api-keys.test="
          + "3e26bfd32a07215d019023b4891bef32091eaedd2b38b24018a1ae41319d1130";

  /**
   * An admin key for tests only (opens the actuator); accepted with {@link #ADMIN_KEY_PROPERTY}.
   */
  public static final String ADMIN_KEY = "ie_test-only-metrics-admin-key";

  /** Accepts {@link #ADMIN_KEY} (its SHA-256) as the admin key. */
  public static final String ADMIN_KEY_PROPERTY =
      "infer-edge.gateway.security.admin-key-hash="
          + "20c886ca41246d008f8429424135287f5fda06598b1f62f8b0b003ded0fd7a92";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final String base;
  private final String key;

  /** A client presenting {@link #TEST_KEY}. */
  public Http(int port) {
    this(port, TEST_KEY);
  }

  /** A client presenting {@code key} in {@code X-API-Key}, or no key when it is null. */
  public Http(int port, String key) {
    this.base = "http://127.0.0.1:" + port;
    this.key = key;
  }

  public HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  public HttpResponse<String> delete(String path) {
    return send(request(path).DELETE());
  }

  public HttpResponse<String> post(String path, String contentType, byte[] body) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  public HttpResponse<String> put(String path, String contentType, byte[] body) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** A JSON body. */
  public HttpResponse<String> postJson(String path, String json) {
    return post(path, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A JSON body. */
  public HttpResponse<String> putJson(String path, String json) {
    return put(path, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return request;
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(
          request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
