package io.github.httpcache.benchmarks;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process limit a near-cache hit is measured against: a bare filter that keeps each URI's
 * first 200 response in a {@link ConcurrentHashMap} and replays its body and content type. No
 * policy, no headers beyond those, no metrics.
 */
final class MapCacheFilter implements Filter {
  private record Kept(String contentType, byte[] body) {}

  private final Map<String, Kept> kept = new ConcurrentHashMap<>();
  /**
   * {@code -Dbench.map-headers=contract}: also the headers the contract has a hit carry ({@code
   * ETag}, {@code Cache-Status}, {@code Age}), to tell their cost from the filter's logic.
   */
  private static final boolean CONTRACT_HEADERS = "contract".equals(System.getProperty("bench.map-headers"));

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    Kept hit = kept.get(request.getRequestURI());
    if (hit != null) {
      response.setContentType(hit.contentType());
      response.setContentLength(hit.body().length);
      response.setHeader("X-Cache", "HIT");
      if (CONTRACT_HEADERS) {
        response.setHeader("ETag", "\"" + Integer.toHexString(hit.body().length) + "-kept-by-the-map-filter\"");
        response.setHeader("Cache-Status", "http-cache; hit; ttl=" + (System.currentTimeMillis() / 1000 % 3600));
        response.setHeader("Age", Long.toString(System.currentTimeMillis() / 1000 % 2));
      }
      response.getOutputStream().write(hit.body());
      return;
    }
    Capture capture = new Capture(response);
    chain.doFilter(request, capture);
    byte[] body = capture.bytes.toByteArray();
    if (capture.getStatus() == 200) {
      kept.put(request.getRequestURI(), new Kept(capture.getContentType(), body));
    }
    response.getOutputStream().write(body);
  }

  /** Keeps the body in memory instead of sending it. */
  private static final class Capture extends HttpServletResponseWrapper {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Capture(HttpServletResponse response) {
      super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() {
      return new ServletOutputStream() {
        @Override
        public void write(int b) {
          bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          bytes.write(b, off, len);
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
          throw new UnsupportedOperationException("blocking only");
        }
      };
    }
  }
}
