package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.testing.RedisFixture;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Past the size limit the filter streams instead of buffering, so memory stays bounded whatever
 * the body size: 200 MiB through a server whose whole JVM has a 64 MiB heap.
 */
class BoundedMemoryStreamingTest {
  private static final long BODY_BYTES = 200L * 1024 * 1024;

  private static RedisFixture redis;
  private static Process server;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    String java = ProcessHandle.current().info().command().orElse("java");
    server = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
            "-cp", System.getProperty("java.class.path"), StreamingServerMain.class.getName(), redis.url()))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    BufferedReader output = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = output.readLine()) != null && !line.startsWith("PORT=")) {
      // Skip anything printed before the port.
    }
    if (line == null) {
      throw new IllegalStateException("the streaming server exited with " + server.waitFor());
    }
    port = Integer.parseInt(line.substring(5));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.getOutputStream().close();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    redis.close();
  }

  @Test
  void twoHundredMebibytesStreamThroughASixtyFourMebibyteHeap() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/big/" + BODY_BYTES))
        .timeout(Duration.ofMinutes(2)).build();

    HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    long received = 0;
    byte[] buffer = new byte[256 * 1024];
    try (InputStream body = response.body()) {
      for (int read; (read = body.read(buffer)) >= 0; ) {
        received += read;
      }
    }

    assertEquals(200, response.statusCode());
    assertEquals(BODY_BYTES, received);
    assertEquals("http-cache; fwd=uri-miss; detail=too-large", response.headers().firstValue("Cache-Status").orElseThrow());
    assertTrue(server.isAlive(), "the small-heap server died (out of memory?)");
    assertEquals(0, redis.entryCount("http-cache:"));
  }
}
