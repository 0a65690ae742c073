package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.github.httpcache.metrics.MetricNames;
import io.github.httpcache.metrics.MetricRegistries;
import io.github.httpcache.servlet.AdminServlet;
import io.github.httpcache.testing.RedisFixture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Redis trouble is a miss, never a 5xx: a paused and an absent Redis, against a real server. */
class RedisOutageTest {
  private static RedisFixture redis;
  private static TestServer server;
  private static final OriginServlet origin = new OriginServlet();
  private static final ItemsServlet items = new ItemsServlet();

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.startProcess();
    server = TestServer.start(TestServer.config(
            "redis.url", redis.url(),
            "redis.timeout", "100ms",
            "redis.invalidation-wait", "200ms",
            "redis.breaker.failures", "3",
            "redis.breaker.open-for", "1s",
            "route.origin.path", "/origin/{behaviour}",
            "route.origin.ttl", "60s",
            "route.item.path", "/items/{id}",
            "route.item.ttl", "60s",
            "invalidate.item-put.method", "PUT",
            "invalidate.item-put.path", "/items/{id}",
            "invalidate.item-put.keys", "GET:/items/{id}"),
        Map.of("/origin/*", origin, "/items/*", items, "/api/invalidate/*", new AdminServlet()));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    redis.close();
  }

  @Test
  void pausedRedisIsBypassedThenCachingResumesByItself() throws Exception {
    assertEquals("MISS", server.get("/origin/stream").headers().firstValue("X-Cache").orElseThrow());
    redis.pause();
    try {
      for (int i = 0; i < 10; i++) {
        long started = System.nanoTime();
        HttpResponse<String> response = server.get("/origin/stream");
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(200, response.statusCode());
        assertEquals("BYPASS", response.headers().firstValue("X-Cache").orElseThrow());
        assertEquals("call " + (i + 2), response.body());
        assertTrue(millis < 3_000, "a request during the outage took " + millis + " ms");
      }
      assertEquals(200, server.send("PUT", "/items/1", "written during the outage").statusCode());
      MetricRegistry registry = (MetricRegistry) server.context().getServletContext()
          .getAttribute(MetricRegistries.REGISTRY_ATTRIBUTE);
      assertTrue(registry.counter(MetricNames.STORE_ERRORS + ".find").getCount() >= 3);
      assertTrue(registry.counter(MetricNames.STORE_REFUSALS + ".find").getCount() >= 1,
          "the breaker should have stopped trying Redis on every request");
    } finally {
      redis.resume();
    }
    assertTrue(cachingResumesWithin(Duration.ofSeconds(15)), "caching did not resume after Redis came back");
  }

  private static boolean cachingResumesWithin(Duration budget) throws Exception {
    long deadline = System.nanoTime() + budget.toNanos();
    while (System.nanoTime() < deadline) {
      String xCache = server.get("/origin/stream").headers().firstValue("X-Cache").orElseThrow();
      if (xCache.equals("HIT")) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  @Test
  void writeDuringAnOutageIsReplayedBeforeTheCacheIsTrustedAgain() throws Exception {
    items.items.put("journal", "old");
    server.get("/items/journal");
    assertEquals("HIT", server.get("/items/journal").headers().firstValue("X-Cache").orElseThrow());
    redis.pause();
    try {
      assertEquals(200, server.send("PUT", "/items/journal", "new").statusCode());
      HttpResponse<String> duringOutage = server.get("/items/journal");
      assertEquals("new", duringOutage.body());
      assertEquals("BYPASS", duringOutage.headers().firstValue("X-Cache").orElseThrow());
    } finally {
      redis.resume();
    }
    readOnlyUntilHit("/items/journal", "new", "an entry invalidated during the outage was served");
  }

  /**
   * Reads {@code path} until it is a HIT again (within 15 s), every read {@code expected}: the entry
   * an invalidation journaled during the outage named is never served once Redis is back.
   */
  private static void readOnlyUntilHit(String path, String expected, String whenOld) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String xCache = "";
    while (System.nanoTime() < deadline && !xCache.equals("HIT")) {
      HttpResponse<String> read = server.get(path);
      assertEquals(expected, read.body(), whenOld);
      xCache = read.headers().firstValue("X-Cache").orElseThrow();
      Thread.sleep(50);
    }
    assertEquals("HIT", xCache, "caching did not resume after the journal was replayed");
  }

  @Test
  void anAdminPurgeDuringAnOutageIsAcceptedJournaledAndReplayed() throws Exception {
    items.items.put("purged", "old");
    server.get("/items/purged");
    assertEquals("HIT", server.get("/items/purged").headers().firstValue("X-Cache").orElseThrow());
    redis.pause();
    try {
      items.items.put("purged", "new");
      HttpResponse<String> purge = server.send("DELETE", "/api/invalidate/GET:/items/purged", null);
      assertEquals(202, purge.statusCode(), "Redis trouble is never a 5xx: " + purge.body());
      assertTrue(purge.body().contains("\"journaled\":true"), purge.body());
      assertEquals("new", server.get("/items/purged").body());
    } finally {
      redis.resume();
    }
    readOnlyUntilHit("/items/purged", "new", "the entry the journaled purge named was served after Redis came back");
  }

  @Test
  void filterStartsAndServesWhileNoRedisListens() throws Exception {
    OriginServlet lonely = new OriginServlet();
    try (TestServer withoutRedis = TestServer.start(TestServer.config(
            "redis.url", "redis://127.0.0.1:" + RedisFixture.freePort(),
            "route.origin.path", "/origin/{behaviour}",
            "route.origin.ttl", "60s"),
        Map.of("/origin/*", lonely))) {
      HttpResponse<String> response = withoutRedis.get("/origin/writer");

      assertEquals(200, response.statusCode());
      assertEquals("BYPASS", response.headers().firstValue("X-Cache").orElseThrow());
      assertEquals(200, withoutRedis.get("/origin/writer").statusCode());
    }
  }
}
