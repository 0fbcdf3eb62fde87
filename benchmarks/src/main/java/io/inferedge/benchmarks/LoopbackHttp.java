package io.inferedge.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client for the load runs: one kept-alive connection per thread, {@code
 * TCP_NODELAY}, the request line, headers and body written in one {@code write} so no Nagle or
 * delayed-ACK stall is measured, and a response read with {@code Content-Length} or chunked
 * framing. It reconnects when the server closes the connection (Tomcat does after 100 requests by
 * default). Only what the benchmarks need: POST, status 200 or an exception with the body.
 *
 * <p>Thread confinement: each thread uses its own connection, kept in a {@link ThreadLocal}.
 */
final class LoopbackHttp {

  private static final ThreadLocal<Connection> CONNECTION = new ThreadLocal<>();

  private LoopbackHttp() {}

  static byte[] post(URL url, String contentType, byte[] body) throws IOException {
    return post(url, contentType, "", body);
  }

  /**
   * As {@link #post(URL, String, byte[])}, with {@code headers}: further header lines, each ending
   * in CRLF ({@code "X-API-Key: ...\r\n"}), or empty.
   */
  static byte[] post(URL url, String contentType, String headers, byte[] body) throws IOException {
    byte[] head =
        ("POST "
                + url.getFile()
                + " HTTP/1.1\r\nHost: "
                + url.getHost()
                + ":"
                + url.getPort()
                + "\r\nContent-Type: "
                + contentType
                + "\r\nAccept: application/json\r\n"
                + headers
                + "Content-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    Connection c = CONNECTION.get();
    boolean reused = c != null;
    if (c == null) {
      c = connect(url);
    }
    Response response;
    try {
      response = c.exchange(request);
    } catch (IOException closedByServer) {
      c.close();
      if (!reused) {
        throw closedByServer;
      }
      c = connect(url);
      response = c.exchange(request);
    }
    if (response.close()) {
      c.close();
      CONNECTION.remove();
    }
    if (response.status() != 200) {
      throw new IOException(
          "POST "
              + url
              + " answered "
              + response.status()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response.body();
  }

  /** Closes the calling thread's connection, if any. */
  static void closeThreadConnection() {
    Connection c = CONNECTION.get();
    if (c != null) {
      c.close();
      CONNECTION.remove();
    }
  }

  private static Connection connect(URL url) throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
    socket.setSoTimeout(30_000);
    Connection c = new Connection(socket);
    CONNECTION.set(c);
    return c;
  }

  private record Response(int status, byte[] body, boolean close) {}

  private static final class Connection {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
      this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    Response exchange(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      String statusLine = line();
      if (statusLine == null) {
        throw new IOException("connection closed before the response");
      }
      int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
      long length = -1;
      boolean chunked = false;
      boolean close = false;
      for (String h = line(); h != null && !h.isEmpty(); h = line()) {
        int colon = h.indexOf(':');
        String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = h.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> close = value.equalsIgnoreCase("close");
          default -> {}
        }
      }
      byte[] body;
      if (chunked) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int size = chunkSize(); size > 0; size = chunkSize()) {
          all.write(in.readNBytes(size));
          line();
        }
        for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
          // trailers are ignored
        }
        body = all.toByteArray();
      } else if (length >= 0) {
        body = in.readNBytes((int) length);
      } else {
        body = in.readAllBytes();
        close = true;
      }
      return new Response(status, body, close);
    }

    private int chunkSize() throws IOException {
      String size = line();
      if (size == null) {
        throw new IOException("connection closed inside a chunked body");
      }
      int semicolon = size.indexOf(';');
      return Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
    }

    /** One CRLF-terminated line in ASCII, without the terminator; null at end of stream. */
    private String line() throws IOException {
      StringBuilder b = new StringBuilder(64);
      int c;
      while ((c = in.read()) != -1) {
        if (c == '\n') {
          int n = b.length();
          if (n > 0 && b.charAt(n - 1) == '\r') {
            b.setLength(n - 1);
          }
          return b.toString();
        }
        b.append((char) c);
      }
      return b.length() == 0 ? null : b.toString();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
