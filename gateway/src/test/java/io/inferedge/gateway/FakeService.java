package io.inferedge.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A stand-in for another Infer-EDGE service over real HTTP (JDK server on a free port): records
 * each request and answers with whatever the test configured, including dropping the connection
 * without an answer. Thread-safe.
 */
public final class FakeService implements AutoCloseable {

  /** A request as received. */
  public record Request(
      String method,
      String path,
      String query,
      String contentType,
      byte[] body,
      java.util.Map<String, java.util.List<String>> headers) {
    /** The first value of a header (case-insensitive name), or null. */
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A canned answer. */
  public record Response(int status, String contentType, byte[] body) {
    public static Response json(int status, String json) {
      return new Response(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    public static Response problem(int status, String json) {
      return new Response(
          status, "application/problem+json", json.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Decides the answer to a request; throwing drops the connection without an answer. */
  @FunctionalInterface
  public interface Responder {
    Response respond(Request request) throws Exception;
  }

  /** Closes the connection without answering: to the client, the service died mid-request. */
  public static final Responder DROP =
      request -> {
        throw new IOException("dropping the connection");
      };

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private volatile Responder responder = request -> Response.json(404, "{}");

  public FakeService() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void respond(Responder responder) {
    this.responder = responder;
    requests.clear();
  }

  /** The oldest request not yet taken, or null if there is none. */
  public Request takeRequest() {
    return requests.poll();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      var request =
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestURI().getRawQuery(),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              exchange.getRequestBody().readAllBytes(),
              java.util.Map.copyOf(exchange.getRequestHeaders()));
      requests.add(request);
      Response response;
      try {
        response = responder.respond(request);
      } catch (IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
      if (response.contentType() != null) {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
      }
      exchange.sendResponseHeaders(
          response.status(), response.body().length == 0 ? -1 : response.body().length);
      exchange.getResponseBody().write(response.body());
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
