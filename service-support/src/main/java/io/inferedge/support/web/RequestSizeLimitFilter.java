package io.inferedge.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.ToLongFunction;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies over a limit with 413 and a problem body, before a controller reads them:
 * at once when the declared {@code Content-Length} is over it, and while reading when a chunked
 * body grows past it. The limit is one for every request (the global limit every service applies)
 * or chosen per request (the gateway's limit per API key, inside the global one). Thread-safe and
 * stateless.
 */
public final class RequestSizeLimitFilter extends OncePerRequestFilter {

  private final ToLongFunction<HttpServletRequest> limits;
  private final JsonMapper json;

  /** Limits every request to {@code limitBytes}. */
  public RequestSizeLimitFilter(long limitBytes, JsonMapper json) {
    this(request -> limitBytes, json);
  }

  /**
   * @param limits the limit in bytes for a request, or a negative number for none; called once per
   *     request, after the filters before this one (e.g. authentication) ran
   */
  public RequestSizeLimitFilter(ToLongFunction<HttpServletRequest> limits, JsonMapper json) {
    this.limits = limits;
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long limitBytes = limits.applyAsLong(request);
    if (limitBytes < 0) {
      chain.doFilter(request, response);
      return;
    }
    if (request.getContentLengthLong() > limitBytes) {
      reject(request, response, limitBytes);
      return;
    }
    chain.doFilter(new Limited(request, limitBytes), response);
  }

  private void reject(HttpServletRequest request, HttpServletResponse response, long limitBytes)
      throws IOException {
    var problem = new PayloadTooLargeException(limitBytes);
    ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
    body.setProperty("field", problem.field());
    body.setInstance(java.net.URI.create(request.getRequestURI()));
    response.setStatus(problem.status().value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    // The client may still be sending: tell it the connection will not read the rest.
    response.setHeader("Connection", "close");
    response.getOutputStream().write(json.writeValueAsBytes(body));
  }

  /** Counts bytes as the body is read and fails once the limit is passed. */
  private static final class Limited extends HttpServletRequestWrapper {
    private final long limitBytes;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long limitBytes) {
      super(request);
      this.limitBytes = limitBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream(), limitBytes);
      }
      return stream;
    }
  }

  private static final class CountingStream extends ServletInputStream {
    private final ServletInputStream delegate;
    private final long limitBytes;
    private long count;

    CountingStream(ServletInputStream delegate, long limitBytes) {
      this.delegate = delegate;
      this.limitBytes = limitBytes;
    }

    @Override
    public int read() throws IOException {
      int b = delegate.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = delegate.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      count += n;
      if (count > limitBytes) {
        throw new PayloadTooLargeException(limitBytes);
      }
    }

    @Override
    public boolean isFinished() {
      return delegate.isFinished();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      delegate.setReadListener(listener);
    }
  }
}
