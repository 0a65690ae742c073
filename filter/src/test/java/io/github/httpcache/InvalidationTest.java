package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.httpcache.servlet.AdminServlet;
import io.github.httpcache.testing.RedisFixture;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Invalidation through real Jetty and Redis: keys, patterns, tags and purges, on two nodes, and
 * the race a cache must not lose: a fill that read the old row before a write is never stored.
 */
class InvalidationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, AtomicLong> database = VersionedResource.database();
  private static final VersionedResource resourceOnA = new VersionedResource(database);
  private static final VersionedResource resourceOnB = new VersionedResource(database);
  private static RedisFixture redis;
  private static TestServer nodeA;
  private static TestServer nodeB;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    nodeA = TestServer.start(config(redis),
        Map.of("/v/*", resourceOnA, "/mine/*", resourceOnA, "/api/invalidate/*", new AdminServlet())).behind("localhost");
    nodeB = TestServer.start(config(redis),
        Map.of("/v/*", resourceOnB, "/mine/*", resourceOnB, "/api/invalidate/*", new AdminServlet())).behind("localhost");
  }

  /** Versioned items cached by key, by pattern and by tag; shared with {@link ConsistencyCheckTest}. */
  static Map<String, String> config(RedisFixture redis) {
    return TestServer.config(
        "redis.url", redis.url(),
        "route.item.path", "/v/{item}",
        "route.item.ttl", "60s",
        "invalidate.item-put.method", "PUT",
        "invalidate.item-put.path", "/v/{item}",
        "invalidate.item-put.keys", "GET:/v/{item}",
        "invalidate.group-put.method", "POST",
        "invalidate.group-put.path", "/v/{group}",
        "invalidate.group-put.patterns", "GET:/v/{group}-*",
        "invalidate.tag-put.method", "PATCH",
        "invalidate.tag-put.path", "/v/{item}",
        "invalidate.tag-put.tags", "item-{item}",
        "route.mine.path", "/mine/{item}",
        "route.mine.ttl", "60s",
        "route.mine.per-user", "header:X-User",
        "invalidate.mine-put.method", "PUT",
        "invalidate.mine-put.path", "/mine/{item}",
        "invalidate.mine-put.keys", "GET:/mine/{item}");
  }

  @AfterAll
  static void stop() throws Exception {
    nodeA.close();
    nodeB.close();
    redis.close();
  }

  @BeforeEach
  void emptyRedis() {
    redis.flushAll();
  }

  private static String xCache(HttpResponse<?> response) {
    return response.headers().firstValue("X-Cache").orElse("(none)");
  }

  private static String cacheStatus(HttpResponse<?> response) {
    return response.headers().firstValue("Cache-Status").orElse("(none)");
  }

  @Test
  void writeThroughOneNodeIsSeenByTheNextReadOnTheOther() throws Exception {
    assertEquals("0", nodeB.get("/v/shared").body());
    assertEquals("HIT", xCache(nodeB.get("/v/shared")));

    assertEquals("1", nodeA.send("PUT", "/v/shared", "").body());
    HttpResponse<String> read = nodeB.get("/v/shared");

    assertEquals("1", read.body());
    assertEquals("MISS", xCache(read));
  }

  @Test
  void fillThatReadTheOldRowBeforeAWriteIsNeverStored() throws Exception {
    resourceOnA.holdNextRead("race");
    CompletableFuture<HttpResponse<String>> lateFill = CompletableFuture.supplyAsync(() -> get(nodeA, "/v/race"));
    assertTrue(resourceOnA.awaitHeldRead(), "the fill did not reach the origin");

    assertEquals("1", nodeB.send("PUT", "/v/race", "").body());
    resourceOnA.release();
    HttpResponse<String> stale = lateFill.get(10, TimeUnit.SECONDS);
    HttpResponse<String> after = nodeA.get("/v/race");

    assertEquals("0", stale.body());
    assertEquals("http-cache; fwd=uri-miss; detail=fenced", cacheStatus(stale));
    assertEquals("1", after.body());
    assertEquals("1", nodeA.get("/v/race").body());
  }

  @Test
  void fillUnderWayWhenAPatternIsInvalidatedIsNeverStored() throws Exception {
    resourceOnA.holdNextRead("team-7");
    CompletableFuture<HttpResponse<String>> lateFill = CompletableFuture.supplyAsync(() -> get(nodeA, "/v/team-7"));
    assertTrue(resourceOnA.awaitHeldRead());

    HttpResponse<String> purge = nodeB.send("DELETE", "/api/invalidate?pattern=GET:/v/team-*", null);
    resourceOnA.release();

    assertEquals(200, purge.statusCode());
    assertEquals("http-cache; fwd=uri-miss; detail=fenced", cacheStatus(lateFill.get(10, TimeUnit.SECONDS)));
  }

  @Test
  void fillUnderWayWhenATagIsInvalidatedIsNeverStored() throws Exception {
    resourceOnA.holdNextRead("tagged");
    CompletableFuture<HttpResponse<String>> lateFill = CompletableFuture.supplyAsync(() -> get(nodeA, "/v/tagged"));
    assertTrue(resourceOnA.awaitHeldRead());

    nodeB.send("DELETE", "/api/invalidate?tag=item-tagged", null);
    resourceOnA.release();

    assertEquals("http-cache; fwd=uri-miss; detail=fenced", cacheStatus(lateFill.get(10, TimeUnit.SECONDS)));
  }

  @Test
  void patternRuleInvalidatesEveryMatchingKey() throws Exception {
    nodeA.get("/v/red-1");
    nodeA.get("/v/red-2");
    nodeA.get("/v/blue-1");

    assertEquals(200, nodeB.send("POST", "/v/red", "").statusCode());

    assertEquals("MISS", xCache(nodeA.get("/v/red-1")));
    assertEquals("MISS", xCache(nodeA.get("/v/red-2")));
    assertEquals("HIT", xCache(nodeA.get("/v/blue-1")));
  }

  @Test
  void tagRuleInvalidatesEveryEntryCarryingTheTag() throws Exception {
    nodeA.get("/v/t1");
    nodeA.get("/v/t2");

    assertEquals(200, nodeB.send("PATCH", "/v/t1", "").statusCode());

    assertEquals("MISS", xCache(nodeA.get("/v/t1")));
    assertEquals("HIT", xCache(nodeA.get("/v/t2")));
  }

  @Test
  void keyRuleAlsoReachesEveryUsersEntryOfAPerUserRoute() throws Exception {
    nodeA.get("/mine/doc", "X-User", "alice");
    nodeA.get("/mine/doc", "X-User", "bob");
    assertEquals("HIT", xCache(nodeA.get("/mine/doc", "X-User", "bob")));

    nodeB.send("PUT", "/mine/doc", "");

    assertEquals("MISS", xCache(nodeA.get("/mine/doc", "X-User", "alice")));
    assertEquals("MISS", xCache(nodeA.get("/mine/doc", "X-User", "bob")));
  }

  @Test
  void tagHeaderNeverReachesTheClient() throws Exception {
    assertFalse(nodeA.get("/v/hidden").headers().firstValue("Cache-Tag").isPresent());
    assertFalse(nodeA.get("/v/hidden").headers().firstValue("Cache-Tag").isPresent());
    assertFalse(nodeA.get("/v/hidden?nocache=true").headers().firstValue("Cache-Tag").isPresent());
  }

  @Test
  void adminDeletesByTagAndSaysHowMany() throws Exception {
    nodeA.get("/v/a1");
    nodeA.get("/v/a2");

    HttpResponse<String> deleted = nodeB.send("DELETE", "/api/invalidate?tag=items", null);

    assertEquals(2, JSON.readTree(deleted.body()).get("deleted").asLong());
    assertEquals("MISS", xCache(nodeA.get("/v/a1")));
  }

  @Test
  void adminDeletesByPatternAndSaysHowMany() throws Exception {
    nodeA.get("/v/p-1");
    nodeA.get("/v/p-2");
    nodeA.get("/v/q-1");

    HttpResponse<String> deleted = nodeB.send("DELETE", "/api/invalidate?pattern=GET:/v/p-*", null);

    assertEquals(2, JSON.readTree(deleted.body()).get("deleted").asLong());
    assertEquals("HIT", xCache(nodeA.get("/v/q-1")));
  }

  @Test
  void adminPurgesTheNamespace() throws Exception {
    nodeA.get("/v/x1");
    nodeA.get("/v/x2");

    HttpResponse<String> purged = nodeB.send("DELETE", "/api/invalidate?all=true", null);

    assertEquals(2, JSON.readTree(purged.body()).get("deleted").asLong());
    assertEquals("MISS", xCache(nodeA.get("/v/x1")));
    assertEquals("MISS", xCache(nodeB.get("/v/x2")));
  }

  private static HttpResponse<String> get(TestServer node, String path) {
    try {
      return node.get(path);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
