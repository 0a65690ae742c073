package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.ScriptedOrigin.Reply;
import io.github.httpcache.testing.RedisFixture;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 5861 from the origin: with {@code freshness=origin}, a response's own
 * {@code stale-while-revalidate} and {@code stale-if-error} widen the route's grace, on the same
 * machinery (one background refresh per key; with {@code cache.fill-lease}, across nodes), and
 * Redis keeps the entry that long. Two nodes share Redis and a Host, as behind a load balancer.
 */
class OriginGraceTest {
  private static final ScriptedOrigin origin = new ScriptedOrigin();
  private static RedisFixture redis;
  private static TestServer node1;
  private static TestServer node2;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    Map<String, String> config = TestServer.config("redis.url", redis.url(), "cache.freshness", "origin",
        "route.all.path", "/**", "cache.fill-lease", "10s");
    node1 = TestServer.start(config, Map.of("/*", origin)).behind("app.example");
    node2 = TestServer.start(config, Map.of("/*", origin)).behind("app.example");
  }

  @AfterAll
  static void stop() {
    node1.close();
    node2.close();
    redis.close();
  }

  @BeforeEach
  void reset() {
    origin.reset();
    redis.flushAll();
  }

  private static String status(HttpResponse<?> response) {
    return response.headers().firstValue("Cache-Status").orElse("");
  }

  /** Reads {@code path} from {@code node} until {@code done} holds (bounded: 10 s), returning that response. */
  private static HttpResponse<String> readUntil(TestServer node, String path, Predicate<HttpResponse<String>> done)
      throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    HttpResponse<String> response = node.get(path);
    while (!done.test(response) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      response = node.get(path);
    }
    assertTrue(done.test(response), "never reached; last: " + response.statusCode() + " " + status(response));
    return response;
  }

  /** Answers 200 with {@code headers} on the first call, then {@code later} (a status) on every other. */
  private static void serveThen(String path, int later, String... headers) {
    origin.respond(path, (request, call) -> call == 1 || later == 200
        ? Reply.of(200, "body #" + call, headers) : Reply.of(later, "failed #" + call));
  }

  @Test
  void theOriginsStaleWhileRevalidateServesStaleWhileOneRequestRefreshes() throws Exception {
    serveThen("/swr", 200, "Cache-Control", "max-age=1, stale-while-revalidate=30");
    node1.get("/swr");

    HttpResponse<String> stale = readUntil(node1, "/swr", r -> status(r).endsWith("detail=stale-while-revalidate"));
    HttpResponse<String> refreshed = readUntil(node1, "/swr", r -> !r.body().equals("body #1"));

    assertEquals("body #1", stale.body());
    assertEquals("HIT", stale.headers().firstValue("X-Cache").orElseThrow());
    assertEquals("body #2", refreshed.body(), "refreshed in the background, once");
    assertTrue(status(refreshed).startsWith("http-cache; hit"), status(refreshed));
  }

  @Test
  void theTargetedFieldsStaleWhileRevalidateCountsToo() throws Exception {
    serveThen("/cdn-swr", 200, "Cache-Control", "no-store", "CDN-Cache-Control", "max-age=1, stale-while-revalidate=30");
    node1.get("/cdn-swr");

    HttpResponse<String> stale = readUntil(node1, "/cdn-swr", r -> status(r).endsWith("detail=stale-while-revalidate"));

    assertEquals("body #1", stale.body());
  }

  @Test
  void theOriginsStaleIfErrorAnswersInsteadOfA503() throws Exception {
    serveThen("/sie", 503, "Cache-Control", "max-age=1, stale-if-error=30");
    node1.get("/sie");

    HttpResponse<String> stale = readUntil(node1, "/sie", r -> status(r).contains("stale-if-error"));

    assertEquals(200, stale.statusCode());
    assertEquals("body #1", stale.body());
    assertEquals("http-cache; fwd=stale; fwd-status=503; detail=stale-if-error", status(stale));
  }

  @Test
  void mustRevalidateOverridesTheOriginsStaleIfError() throws Exception {
    serveThen("/sie-must", 503, "Cache-Control", "max-age=1, stale-if-error=30, must-revalidate");
    node1.get("/sie-must");

    HttpResponse<String> failed = readUntil(node1, "/sie-must", r -> r.statusCode() != 200);

    assertEquals(503, failed.statusCode(), "RFC 9111 §5.2.2.2: must-revalidate forbids serving it stale, even on error");
  }

  @Test
  void redisKeepsTheEntryForTheOriginsGrace() throws Exception {
    serveThen("/kept", 200, "Cache-Control", "max-age=60, stale-if-error=600");

    node1.get("/kept");

    long ttl = Long.parseLong(redis.command("PTTL", "http-cache:GET:/kept").trim());
    assertTrue(ttl > 600_000 && ttl <= 660_000, "kept for max-age plus stale-if-error: " + ttl + " ms");
  }

  @Test
  void withAFillLeaseOnlyOneNodeRefreshesAStaleEntry() throws Exception {
    CountDownLatch refreshing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    origin.respond("/once", (request, call) -> {
      if (call == 2) {
        refreshing.countDown();
        await(release); // node 1's refresh holds the key's lease while node 2 serves the stale entry
      }
      return Reply.of(200, "body #" + call, "Cache-Control",
          call == 1 ? "max-age=1, stale-while-revalidate=30" : "max-age=60");
    });
    node1.get("/once");
    readUntil(node1, "/once", r -> status(r).endsWith("detail=stale-while-revalidate"));
    assertTrue(refreshing.await(10, TimeUnit.SECONDS), "node 1 refreshes in the background");

    HttpResponse<String> fromNode2 = node2.get("/once");
    Thread.sleep(500); // node 2 decides on a refresh just after its answer is sent: give it time to (not) start one
    release.countDown();
    awaitStored("/once", "body #2");

    assertTrue(status(fromNode2).endsWith("detail=stale-while-revalidate"), status(fromNode2));
    assertEquals(2, origin.calls("/once"), "node 2 left the refresh to the lease holder");
    assertEquals("body #2", node2.get("/once").body());
  }

  /** Polls Redis (bounded: 10 s) until the entry of {@code path} holds {@code body}. */
  private static void awaitStored(String path, String body) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!String.valueOf(redis.command("GET", "http-cache:GET:" + path)).contains(body)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
