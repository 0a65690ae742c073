package io.github.httpcache.benchmarks;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;

/** The origins the benchmark measures: a constant body of the size in the path, after optional simulated work. */
final class BenchServlets {
  private BenchServlets() {}

  static HttpServlet constantBody(long workMillis) {
    return new HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (workMillis > 0) {
          try {
            Thread.sleep(workMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        String path = request.getPathInfo();
        byte[] body = body(Integer.parseInt(path.substring(path.lastIndexOf('/') + 1)));
        response.setContentType("application/octet-stream");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
      }
    };
  }

  private static final byte[] KIB = filled(1024);
  private static final byte[] KIB64 = filled(64 * 1024);

  private static byte[] body(int size) {
    return size == KIB.length ? KIB : size == KIB64.length ? KIB64 : filled(size);
  }

  private static byte[] filled(int size) {
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) 'x');
    return body;
  }
}
