package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.servlet.FillMemory;
import io.github.httpcache.testing.RedisFixture;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code cache.fill-memory}: all fills in progress together buffer at most that much; a fill the
 * budget cannot hold streams through whole and unstored ({@code detail=memory}), and every byte a
 * fill reserved goes back when it ends, however it ends. Real Jetty, real Redis.
 */
@Timeout(120)
class FillMemoryBudgetTest {
  private static final int BUDGET = 256 * 1024;
  /** A 100 000-byte capture grows in chunks to exactly 128 KiB: two fit the budget, a third does not. */
  private static final int GATED_BODY = 100_000;
  private static final String STORED = "http-cache; fwd=uri-miss; stored";
  private static final String MEMORY = "http-cache; fwd=uri-miss; detail=memory";

  private static final MemoryOrigin origin = new MemoryOrigin();
  private static RedisFixture redis;
  private static TestServer server;

  /**
   * {@code /gated/{id}}: writes its body (one servlet at a time, so which fills fit is
   * deterministic), then waits at the gate. {@code /fill/{kind}/{size}}: see {@link #fill}.
   */
  static final class MemoryOrigin extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final Object writing = new Object();
    volatile CountDownLatch arrived = new CountDownLatch(0);
    volatile CountDownLatch gate = new CountDownLatch(0);
    /** "" to answer, "throw" to throw, a status to send that error (after writing a body). */
    volatile String failure = "";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String[] parts = request.getPathInfo().substring(1).split("/");
      response.setContentType("application/octet-stream");
      if (request.getServletPath().equals("/gated")) {
        gated(Integer.parseInt(parts[0]), response);
      } else if (failure.equals("throw")) {
        throw new IllegalStateException("the origin is down");
      } else if (!failure.isEmpty()) {
        response.getOutputStream().write(body(1, 20_000));
        response.sendError(Integer.parseInt(failure));
      } else {
        fill(parts[0], Integer.parseInt(parts[1]), request, response);
      }
    }

    private void gated(int id, HttpServletResponse response) throws IOException {
      synchronized (writing) {
        writeInPieces(body(id, GATED_BODY), response.getOutputStream());
      }
      arrived.countDown();
      await(gate);
    }

    private void fill(String kind, int size, HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      byte[] body = body(size, size);
      switch (kind) {
        case "bytes" -> writeInPieces(body, response.getOutputStream());
        case "flush" -> {
          writeInPieces(body, response.getOutputStream());
          response.flushBuffer();
          response.getOutputStream().write(body);
        }
        case "error" -> {
          response.getOutputStream().write(body);
          response.sendError(500);
        }
        case "throw" -> {
          response.getOutputStream().write(body);
          throw new IllegalStateException("the origin failed half way");
        }
        case "async" -> {
          AsyncContext async = request.startAsync();
          async.start(() -> writeThenComplete(async, body));
        }
        case "async-timeout" -> {
          AsyncContext async = request.startAsync();
          async.setTimeout(200);
          response.getOutputStream().write(body);
        }
        default -> throw new IllegalArgumentException(kind);
      }
    }

    private static void writeThenComplete(AsyncContext async, byte[] body) {
      try {
        writeInPieces(body, async.getResponse().getOutputStream());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } finally {
        async.complete();
      }
    }

    private static void writeInPieces(byte[] body, ServletOutputStream out) throws IOException {
      for (int at = 0; at < body.length; at += 4096) {
        out.write(body, at, Math.min(4096, body.length - at));
      }
    }

    private static void await(CountDownLatch latch) {
      try {
        if (!latch.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never opened the gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A body no other id or size shares, so a swapped or truncated body cannot pass. */
  static byte[] body(int seed, int size) {
    byte[] bytes = new byte[size];
    new Random(seed * 31L + size).nextBytes(bytes);
    return bytes;
  }

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    server = TestServer.start(TestServer.config(
            "redis.url", redis.url(),
            "cache.fill-memory", "256KiB",
            "route.gated.path", "/gated/{id}",
            "route.gated.ttl", "60s",
            "route.fill.path", "/fill/{kind}/{size}",
            "route.fill.ttl", "60s",
            "route.limited.path", "/limited/{kind}/{size}",
            "route.limited.ttl", "60s",
            "route.limited.max-body-size", "64KiB",
            "route.swr.path", "/swr/{kind}/{size}",
            "route.swr.ttl", "1s",
            "route.swr.stale-while-revalidate", "30s",
            "route.sie.path", "/sie/{kind}/{size}",
            "route.sie.ttl", "1s",
            "route.sie.stale-if-error", "30s"),
        Map.of("/gated/*", origin, "/fill/*", origin, "/limited/*", origin, "/swr/*", origin, "/sie/*", origin));
  }

  @AfterAll
  static void stop() {
    server.close();
    redis.close();
  }

  @BeforeEach
  void reset() {
    redis.flushAll();
    origin.failure = "";
  }

  private static FillMemory fillMemory() {
    HttpCache cache = (HttpCache) server.context().getServletContext().getAttribute(HttpCacheFilter.CACHE_ATTRIBUTE);
    return cache.fillMemory();
  }

  /** A fill gives its memory back just after its last byte is sent, so poll briefly. */
  private static void assertBudgetReturnsToZero(String after) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (fillMemory().reserved() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(0, fillMemory().reserved(), "fill memory still reserved after " + after);
  }

  private static String cacheStatus(HttpResponse<?> response) {
    return response.headers().firstValue("Cache-Status").orElse("");
  }

  @Test
  void fillsTheBudgetCannotHoldStreamThroughWholeAndUnstored() throws Exception {
    int fills = 6;
    origin.arrived = new CountDownLatch(fills);
    origin.gate = new CountDownLatch(1);
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
    for (int id = 1; id <= fills; id++) {
      HttpRequest request = HttpRequest.newBuilder(server.uri("/gated/" + id)).timeout(Duration.ofSeconds(60)).build();
      responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()));
    }
    try {
      assertTrue(origin.arrived.await(30, TimeUnit.SECONDS), "not every fill reached the origin");
      assertEquals(BUDGET, fillMemory().reserved(), "two whole captures, nothing of the others");
    } finally {
      // Never leave servlets parked at the gate, holding their captures, for the next test.
      origin.gate.countDown();
    }

    List<Integer> stored = new ArrayList<>();
    for (int id = 1; id <= fills; id++) {
      HttpResponse<byte[]> response = responses.get(id - 1).get(60, TimeUnit.SECONDS);
      assertEquals(200, response.statusCode());
      assertArrayEquals(body(id, GATED_BODY), response.body(), "body of fill " + id);
      assertTrue(List.of(STORED, MEMORY).contains(cacheStatus(response)), cacheStatus(response));
      if (cacheStatus(response).equals(STORED)) {
        stored.add(id);
      }
    }
    assertEquals(2, stored.size(), "stored: " + stored);
    assertBudgetReturnsToZero("the concurrent fills");
    assertOnlyTheseWereStored(stored, fills);
  }

  private static void assertOnlyTheseWereStored(List<Integer> stored, int fills) throws Exception {
    for (int id = 1; id <= fills; id++) {
      HttpResponse<byte[]> again = server.sendForBytes("GET", "/gated/" + id);
      assertArrayEquals(body(id, GATED_BODY), again.body());
      assertEquals(stored.contains(id) ? "HIT" : "MISS", again.headers().firstValue("X-Cache").orElseThrow(),
          "fill " + id);
    }
  }

  @Test
  void aSingleFillLargerThanTheBudgetStreamsThroughUnstored() throws Exception {
    HttpResponse<byte[]> first = server.sendForBytes("GET", "/fill/bytes/300000");
    HttpResponse<byte[]> second = server.sendForBytes("GET", "/fill/bytes/300000");

    assertArrayEquals(body(300_000, 300_000), first.body());
    assertEquals(MEMORY, cacheStatus(first));
    assertEquals("MISS", second.headers().firstValue("X-Cache").orElseThrow());
    assertEquals(0, redis.entryCount("http-cache:"));
    assertBudgetReturnsToZero("a fill over the budget");
  }

  @Test
  void everyKindOfFillGivesItsMemoryBack() throws Exception {
    for (int round = 0; round < 3; round++) {
      redis.flushAll();
      storedMissHitAndConditionals();
      refusedAndFailedFills();
      asyncFills();
    }
    staleEntries();
  }

  private void storedMissHitAndConditionals() throws Exception {
    HttpResponse<byte[]> miss = server.sendForBytes("GET", "/fill/bytes/50000");
    assertEquals(STORED, cacheStatus(miss));
    String etag = miss.headers().firstValue("ETag").orElseThrow();
    assertEquals("HIT", server.sendForBytes("GET", "/fill/bytes/50000").headers().firstValue("X-Cache").orElseThrow());
    assertEquals(304, server.sendForBytes("GET", "/fill/bytes/50000", "If-None-Match", etag).statusCode());
    assertBudgetReturnsToZero("a miss, a hit and a 304 hit");

    redis.flushAll();
    HttpResponse<byte[]> notModified = server.sendForBytes("GET", "/fill/bytes/50000", "If-None-Match", etag);
    assertEquals(304, notModified.statusCode());
    assertEquals(STORED, cacheStatus(notModified));
    assertEquals(200, server.sendForBytes("HEAD", "/fill/bytes/7").statusCode());
    byte[] flushed = server.sendForBytes("GET", "/fill/flush/50000").body();
    assertArrayEquals(body(50_000, 50_000), java.util.Arrays.copyOfRange(flushed, 50_000, 100_000));
    assertBudgetReturnsToZero("a 304 miss, a HEAD miss and an early flush");
  }

  private void refusedAndFailedFills() throws Exception {
    assertEquals("http-cache; fwd=uri-miss; detail=too-large",
        cacheStatus(server.sendForBytes("GET", "/limited/bytes/100000")));
    assertEquals(MEMORY, cacheStatus(server.sendForBytes("GET", "/fill/bytes/300000")));
    assertEquals(500, server.sendForBytes("GET", "/fill/error/30000").statusCode());
    assertEquals(500, server.sendForBytes("GET", "/fill/throw/30000").statusCode());
    assertBudgetReturnsToZero("over-limit, over-memory, sendError and throwing fills");
  }

  private void asyncFills() throws Exception {
    HttpResponse<byte[]> stored = server.sendForBytes("GET", "/fill/async/60000");
    assertEquals(STORED, cacheStatus(stored));
    assertArrayEquals(body(60_000, 60_000), stored.body());
    HttpResponse<byte[]> refused = server.sendForBytes("GET", "/fill/async/270000");
    assertEquals(MEMORY, cacheStatus(refused));
    assertArrayEquals(body(270_000, 270_000), refused.body());
    assertBudgetReturnsToZero("async fills");
  }

  /** stale-while-revalidate refreshes into a detached response; stale-if-error replaces the origin's answer. */
  private void staleEntries() throws Exception {
    server.sendForBytes("GET", "/swr/bytes/40000");
    server.sendForBytes("GET", "/sie/bytes/40000");
    Thread.sleep(1_100);
    assertTrue(cacheStatus(server.sendForBytes("GET", "/swr/bytes/40000")).contains("detail=stale-while-revalidate"));
    assertBudgetReturnsToZero("a stale-while-revalidate refresh");
    for (String failure : List.of("throw", "503")) {
      origin.failure = failure;
      HttpResponse<byte[]> stale = server.sendForBytes("GET", "/sie/bytes/40000");
      assertTrue(cacheStatus(stale).contains("detail=stale-if-error"), cacheStatus(stale));
      assertArrayEquals(body(40_000, 40_000), stale.body());
      assertBudgetReturnsToZero("stale-if-error for an origin that answered " + failure);
    }
  }

  @Test
  void anAsyncFillThatNeverCompletesGivesItsMemoryBackOnceCollected() throws Exception {
    assertEquals(500, server.sendForBytes("GET", "/fill/async-timeout/30000").statusCode());

    // No hook runs for it: the capture's memory returns when the abandoned wrapper is collected.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (fillMemory().reserved() != 0 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(50);
    }
    assertEquals(0, fillMemory().reserved());
  }
}
