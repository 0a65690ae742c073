package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.servlet.AdminServlet;
import io.github.httpcache.testing.RedisFixture;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The in-process near cache on two nodes sharing one Redis: hits without Redis, eviction on this
 * node before a write's response, and on the other node over pub/sub.
 */
class NearCacheTest {
  private static final Map<String, AtomicLong> database = VersionedResource.database();
  private static RedisFixture redis;
  private static TestServer nodeA;
  private static TestServer nodeB;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    Map<String, String> config = InvalidationTest.config(redis);
    config.put("cache.near-cache.max-size", "16MiB");
    config.put("cache.near-cache.max-age", "30s");
    nodeA = TestServer.start(config, Map.of("/v/*", new VersionedResource(database), "/api/invalidate/*", new AdminServlet())).behind("localhost");
    nodeB = TestServer.start(config, Map.of("/v/*", new VersionedResource(database), "/api/invalidate/*", new AdminServlet())).behind("localhost");
    awaitSubscribed(nodeA);
    awaitSubscribed(nodeB);
  }

  /** The near cache serves once its invalidation subscription is up; wait for that, bounded. */
  private static void awaitSubscribed(TestServer node) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      node.get("/v/probe");
      if (status(node.get("/v/probe")).endsWith("detail=near")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the near cache never came on");
  }

  @AfterAll
  static void stop() {
    nodeA.close();
    nodeB.close();
    redis.close();
  }

  @BeforeEach
  void purge() throws Exception {
    nodeA.send("DELETE", "/api/invalidate?all=true", null);
    redis.flushAll();
  }

  private static String status(HttpResponse<?> response) {
    return response.headers().firstValue("Cache-Status").orElse("");
  }

  /** Reads {@code path} until it is a near hit (the purge before each test may still be in flight), bounded. */
  private static String awaitNearHit(TestServer node, String path) throws Exception {
    long deadline = System.nanoTime() + 2_000_000_000L;
    HttpResponse<String> response = node.get(path);
    while (!status(response).endsWith("detail=near") && System.nanoTime() < deadline) {
      Thread.sleep(5);
      response = node.get(path);
    }
    assertTrue(status(response).endsWith("detail=near"), "never a near hit: " + status(response));
    return response.body();
  }

  @Test
  void nearHitIsServedWithoutRedis() throws Exception {
    String first = awaitNearHit(nodeA, "/v/near");

    redis.flushAll();
    HttpResponse<String> near = nodeA.get("/v/near");

    assertTrue(status(near).endsWith("detail=near"), status(near));
    assertEquals(first, near.body());
  }

  @Test
  void writeThroughThisNodeEvictsItsNearCacheBeforeTheResponse() throws Exception {
    awaitNearHit(nodeA, "/v/local");

    String written = nodeA.send("PUT", "/v/local", "").body();
    HttpResponse<String> after = nodeA.get("/v/local");

    assertEquals(written, after.body());
  }

  @Test
  void writeThroughTheOtherNodeReachesThisNearCacheOverPubSub() throws Exception {
    awaitNearHit(nodeA, "/v/remote");

    String written = nodeB.send("PUT", "/v/remote", "").body();
    long sent = System.nanoTime();
    String seen = nodeA.get("/v/remote").body();
    while (!seen.equals(written) && System.nanoTime() - sent < 2_000_000_000L) {
      Thread.sleep(5);
      seen = nodeA.get("/v/remote").body();
    }

    assertEquals(written, seen, "the other node's write never reached this near cache");
    System.out.printf("Near cache: the other node's write was visible here after %.1f ms%n",
        (System.nanoTime() - sent) / 1e6);
  }

  @Test
  void purgeOnOneNodeEmptiesEveryNearCache() throws Exception {
    awaitNearHit(nodeB, "/v/everywhere");

    nodeA.send("DELETE", "/api/invalidate?all=true", null);
    long deadline = System.nanoTime() + 2_000_000_000L;
    String seen = status(nodeB.get("/v/everywhere"));
    while (seen.endsWith("detail=near") && System.nanoTime() < deadline) {
      Thread.sleep(5);
      seen = status(nodeB.get("/v/everywhere"));
    }

    assertTrue(!seen.endsWith("detail=near"), "still a near hit two seconds after the purge: " + seen);
  }

  @Test
  void droppedSubscriptionEmptiesTheNearCacheWhenItIsRestored() throws Exception {
    awaitNearHit(nodeA, "/v/dropped");

    redis.command("CLIENT", "KILL", "TYPE", "pubsub");
    long deadline = System.nanoTime() + 5_000_000_000L;
    String seen = status(nodeA.get("/v/dropped"));
    while (seen.endsWith("detail=near") && System.nanoTime() < deadline) {
      Thread.sleep(20);
      seen = status(nodeA.get("/v/dropped"));
    }

    // Anything cached while messages could not arrive is forgotten once the subscription is back.
    assertTrue(!seen.endsWith("detail=near"), "the near cache kept its entries across a dropped subscription");
    awaitNearHit(nodeA, "/v/dropped");
  }

  @Test
  void aBarePlanFromANodeOfAnEarlierVersionStillEvicts() throws Exception {
    awaitNearHit(nodeA, "/v/legacy");
    awaitNearHit(nodeA, "/v/bystander");

    redis.command("PUBLISH", "http-cache:~invalidations",
        "{\"keys\":[\"GET:/v/legacy\"],\"patterns\":[],\"tags\":[],\"scope\":\"LISTED\"}");

    long deadline = System.nanoTime() + 2_000_000_000L;
    String seen = status(nodeA.get("/v/legacy"));
    while (seen.endsWith("detail=near") && System.nanoTime() < deadline) {
      Thread.sleep(5);
      seen = status(nodeA.get("/v/legacy"));
    }
    assertTrue(!seen.endsWith("detail=near"), "the bare plan never evicted the near entry: " + seen);
    // Read as a plan, not as an unreadable message (which would have emptied the whole near cache).
    assertTrue(status(nodeA.get("/v/bystander")).endsWith("detail=near"), "an entry the plan did not name was evicted");
  }
}
