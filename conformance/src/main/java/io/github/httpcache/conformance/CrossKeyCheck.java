package io.github.httpcache.conformance;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Collections;

/**
 * Outside the cache filter: the suite's origin names the URL it answered in {@code Server-Base-Url},
 * and the cache replays that header with the stored response, so a response whose header names
 * another URL was served for the wrong key; it is logged as {@code CROSS-KEY}, which fails the run.
 * With {@code -Dharness.trace=<test id>} the requests of that test and the headers set on their
 * responses are logged too ({@code TRACE}).
 */
final class CrossKeyCheck extends HttpFilter {
  private static final long serialVersionUID = 1L;

  private final String traced = System.getProperty("harness.trace", "");

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String query = request.getQueryString();
    String url = request.getRequestURI() + (query == null ? "" : "?" + query);
    boolean trace = !traced.isEmpty() && traced.equals(request.getHeader("Test-ID"));
    if (trace) {
      StringBuilder line = new StringBuilder("TRACE " + request.getMethod() + " " + url);
      Collections.list(request.getHeaderNames()).forEach(name -> line.append(" | ").append(name).append(": ")
          .append(String.join(", ", Collections.list(request.getHeaders(name)))));
      System.err.println(line);
    }
    chain.doFilter(request, new HttpServletResponseWrapper(response) {
      @Override
      public void setHeader(String name, String value) {
        check(name, value);
        super.setHeader(name, value);
      }

      @Override
      public void addHeader(String name, String value) {
        check(name, value);
        super.addHeader(name, value);
      }

      private void check(String name, String value) {
        if (trace) {
          System.err.println("TRACE   " + request.getHeader("Req-Num") + " " + name + ": " + value);
        }
        if ("Server-Base-Url".equalsIgnoreCase(name) && !url.equals(value)) {
          System.err.println("CROSS-KEY: " + request.getMethod() + " " + url + " answered with the response for "
              + value);
        }
      }
    });
  }
}
