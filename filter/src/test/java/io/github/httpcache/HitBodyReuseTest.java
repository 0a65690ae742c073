package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.testing.RedisFixture;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Under concurrent hits of many keys of similar sizes, every client gets exactly its key's body,
 * from Redis on a node without a near cache and from the near cache on a node with one, both in
 * one JVM. (Written when hits read into reused arrays, store.BodyBuffers, dropped by issue 17;
 * it still guards against any sharing of body bytes between hits.)
 */
class HitBodyReuseTest {
  private static final int KEYS = 48;
  private static RedisFixture redis;
  private static TestServer plain;
  private static TestServer near;
  private static final AtomicInteger originCalls = new AtomicInteger();

  /** Key {@code n}'s body: 17,000 + 1,000 n bytes (16 KiB to 64 KiB size classes), each byte a function of n and its place. */
  static byte[] body(int n) {
    byte[] body = new byte[17_000 + 1_000 * n];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) (n * 31 + i * 7);
    }
    return body;
  }

  /** Answers {@code /b/<n>} with {@link #body(int)}. */
  static final class Bodies extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      originCalls.incrementAndGet();
      response.setContentType("application/octet-stream");
      response.getOutputStream().write(body(Integer.parseInt(request.getPathInfo().substring(1))));
    }
  }

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    Map<String, String> config = TestServer.config("redis.url", redis.url(), "route.b.path", "/b/{n}",
        "route.b.ttl", "5m");
    plain = TestServer.start(config, Map.of("/b/*", new Bodies())).behind("localhost");
    Map<String, String> withNear = new java.util.LinkedHashMap<>(config);
    withNear.put("cache.near-cache.max-size", "64MiB");
    withNear.put("cache.near-cache.max-age", "5m");
    near = TestServer.start(withNear, Map.of("/b/*", new Bodies())).behind("localhost");
  }

  @AfterAll
  static void stop() {
    plain.close();
    near.close();
    redis.close();
  }

  @Test
  void concurrentHitsOfSameSizedEntriesEachGetTheirOwnBody() throws Exception {
    for (int n = 0; n < KEYS; n++) {
      assertArrayEquals(body(n), plain.sendForBytes("GET", "/b/" + n).body(), "fill of " + n);
    }
    int callsAfterFill = originCalls.get();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> failures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        TestServer node = t % 2 == 0 ? plain : near;
        failures.add(clients.submit(() -> {
          for (int i = 0; i < 150; i++) {
            int n = ThreadLocalRandom.current().nextInt(KEYS);
            HttpResponse<byte[]> response = node.sendForBytes("GET", "/b/" + n);
            if (!java.util.Arrays.equals(body(n), response.body())) {
              return "/b/" + n + " answered " + response.body().length + " bytes that are not its body ("
                  + response.headers().firstValue("Cache-Status").orElse("") + ")";
            }
          }
          return "";
        }));
      }
      for (Future<String> failure : failures) {
        assertEquals("", failure.get(120, TimeUnit.SECONDS));
      }
    } finally {
      clients.shutdownNow();
    }
    assertEquals(callsAfterFill, originCalls.get(), "every request after the fill was a hit");
    assertTrue(near.get("/b/3").headers().firstValue("Cache-Status").orElse("").endsWith("detail=near"),
        "the second node served from its near cache");
    String plainStatus = plain.get("/b/3").headers().firstValue("Cache-Status").orElse("");
    assertTrue(plainStatus.contains("hit") && !plainStatus.contains("near"), plainStatus);
  }
}
