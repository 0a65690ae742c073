package io.github.httpcache.benchmarks;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/** The origins the benchmarks measure: a constant body after optional simulated work, a CPU-bound page, a versioned resource. */
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

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * An origin that burns {@code work} of this thread's CPU time (not wall time: preempted time does
   * not count, so each call costs the CPU it says however busy the machine) and counts its calls.
   */
  static HttpServlet cpuBound(Duration work, AtomicLong calls) {
    return new HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        calls.incrementAndGet();
        long sink = burn(work.toNanos());
        response.setContentType("text/plain");
        response.setContentLength(KIB.length);
        response.setHeader("X-Work", Long.toString(sink & 1)); // uses the result, so the JIT cannot drop the loop
        response.getOutputStream().write(KIB);
      }
    };
  }

  private static long burn(long cpuNanos) {
    long until = THREADS.getCurrentThreadCpuTime() + cpuNanos;
    long sink = 0;
    while (THREADS.getCurrentThreadCpuTime() < until) {
      for (int i = 0; i < 2_000; i++) {
        sink = sink * 6364136223846793005L + 1442695040888963407L;
      }
    }
    return sink;
  }

  /** A resource whose GET names its version and whose PUT (cheap: no work) makes a new one, for invalidating writes. */
  static HttpServlet versioned() {
    return new HttpServlet() {
      private static final long serialVersionUID = 1L;
      private final AtomicLong version = new AtomicLong();

      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = ("version " + version.get() + " of " + request.getPathInfo()).getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
      }

      @Override
      protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.getInputStream().readAllBytes();
        version.incrementAndGet();
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
      }
    };
  }
}
