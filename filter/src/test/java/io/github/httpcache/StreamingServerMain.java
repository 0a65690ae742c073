package io.github.httpcache;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * Run in a forked JVM with a small heap by {@link BoundedMemoryStreamingTest}: the filter in front
 * of a servlet that streams as many bytes as the path says. Prints {@code PORT=<n>} once serving,
 * and stops when its standard input closes.
 */
public final class StreamingServerMain {
  private StreamingServerMain() {}

  public static void main(String[] args) throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(
            "redis.url", args[0],
            "route.big.path", "/big/{bytes}",
            "route.big.ttl", "60s"),
        Map.of("/big/*", new StreamingServlet()))) {
      System.out.println("PORT=" + server.uri("/").getPort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Serve until the parent closes our input.
      }
    }
  }

  /** Streams {@code /big/<bytes>} bytes in 64 KiB writes. */
  static final class StreamingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      long remaining = Long.parseLong(request.getPathInfo().substring(1));
      response.setContentType("application/octet-stream");
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) 'z');
      ServletOutputStream out = response.getOutputStream();
      while (remaining > 0) {
        int length = (int) Math.min(chunk.length, remaining);
        out.write(chunk, 0, length);
        remaining -= length;
      }
    }
  }
}
