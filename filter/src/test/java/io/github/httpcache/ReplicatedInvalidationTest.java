package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.github.httpcache.metrics.MetricNames;
import io.github.httpcache.metrics.MetricRegistries;
import io.github.httpcache.testing.RedisFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An invalidation counts only once the master's replicas have it ({@code WAIT}): with the replica
 * frozen, the write still answers, its invalidation is journaled, reads of what it names bypass
 * (and only those), and once the replica answers again the journal drains and caching resumes.
 */
class ReplicatedInvalidationTest {
  private static RedisFixture master;
  private static RedisFixture replica;
  @TempDir
  static Path replicaDirectory;
  private static TestServer server;
  private static final ItemsServlet items = new ItemsServlet();

  @BeforeAll
  static void start() throws Exception {
    master = RedisFixture.startProcess();
    replica = RedisFixture.startProcess(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port()),
        "--dir", replicaDirectory.toString()));
    awaitReplicaConnected();
    server = TestServer.start(TestServer.config(
            "redis.url", master.url(),
            "redis.timeout", "500ms",
            // These cases are about the journal: a write gives up waiting for the replica at once.
            "redis.invalidation-wait", "0",
            "route.item.path", "/items/{id}",
            "route.item.ttl", "60s",
            "invalidate.item-put.method", "PUT",
            "invalidate.item-put.path", "/items/{id}",
            "invalidate.item-put.keys", "GET:/items/{id}"),
        Map.of("/items/*", items));
  }

  private static void awaitReplicaConnected() throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!master.command("INFO", "replication").contains("connected_slaves:1") || !replica.command("INFO", "replication")
        .contains("master_link_status:up")) {
      assertTrue(System.nanoTime() < deadline, "the replica did not connect within 20 s");
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    replica.close();
    master.close();
  }

  private static String xCache(HttpResponse<?> response) {
    return response.headers().firstValue("X-Cache").orElse("");
  }

  @Test
  void anInvalidationTheReplicaHasNotAcknowledgedIsJournaledAndOnlyItsKeyBypassesUntilItIs() throws Exception {
    items.items.put("1", "v1");
    items.items.put("2", "other");
    server.get("/items/1");
    server.get("/items/2");
    assertEquals("HIT", xCache(server.get("/items/1")));

    replica.pause();
    HttpResponse<String> write;
    HttpResponse<String> afterWrite;
    HttpResponse<String> otherKey;
    try {
      write = server.send("PUT", "/items/1", "v2");
      afterWrite = server.get("/items/1");
      otherKey = server.get("/items/2");
    } finally {
      replica.resume();
    }

    assertEquals(200, write.statusCode());
    assertEquals("v2", afterWrite.body());
    assertEquals("BYPASS", xCache(afterWrite));
    assertTrue(afterWrite.headers().firstValue("Cache-Status").orElse("").contains("detail=pending-invalidations"));
    assertEquals("HIT", xCache(otherKey));
    awaitCachedAgain("/items/1", "v2");
  }

  @Test
  void anAcknowledgedInvalidationIsOnTheReplicaBeforeTheWriteAnswers() throws Exception {
    items.items.put("3", "v1");
    server.get("/items/3");

    server.send("PUT", "/items/3", "v2");

    // The replica already holds the tombstone: the entry the master had is gone from it too.
    String onReplica = replica.command("GET", "http-cache:GET:/items/3");
    assertTrue(onReplica == null || !onReplica.contains("v1"), "the replica still holds the old entry: " + onReplica);
  }

  /**
   * With {@code redis.invalidation-wait}, a write whose invalidation a frozen replica has not
   * acknowledged is answered only once it has: nothing is left in the journal, so no other node
   * could serve the old entry after a failover to that replica.
   */
  @Test
  void aWriteWaitsForItsInvalidationToBecomeDurable() throws Exception {
    items.items.put("4", "v1");
    try (TestServer patient = TestServer.start(TestServer.config(
            "redis.url", master.url(),
            "redis.timeout", "500ms",
            "redis.invalidation-wait", "60s",
            "route.item.path", "/items/{id}",
            "route.item.ttl", "60s",
            "invalidate.item-put.method", "PUT",
            "invalidate.item-put.path", "/items/{id}",
            "invalidate.item-put.keys", "GET:/items/{id}"),
        Map.of("/items/*", items))) {
      patient.get("/items/4");
      replica.pause();
      CompletableFuture<HttpResponse<String>> write;
      try {
        write = CompletableFuture.supplyAsync(() -> send(patient, "PUT", "/items/4", "v2"));
        Thread.sleep(1_500);
        assertFalse(write.isDone(), "the write answered before the replica acknowledged its invalidation");
      } finally {
        replica.resume();
      }
      assertEquals(200, write.get(60, TimeUnit.SECONDS).statusCode());
      MetricRegistry registry = (MetricRegistry) patient.context().getServletContext()
          .getAttribute(MetricRegistries.REGISTRY_ATTRIBUTE);
      assertEquals(0, registry.getGauges().get(MetricNames.JOURNAL_SIZE).getValue());
      String onReplica = replica.command("GET", "http-cache:GET:/items/4");
      assertTrue(onReplica == null || !onReplica.contains("v1"), "the replica still holds the old entry: " + onReplica);
    }
  }

  private static HttpResponse<String> send(TestServer node, String method, String path, String body) {
    try {
      return node.send(method, path, body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitCachedAgain(String path, String body) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      HttpResponse<String> response = server.get(path);
      assertEquals(body, response.body());
      if (xCache(response).equals("HIT")) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, "caching did not resume within 30 s: " + xCache(response));
      Thread.sleep(100);
    }
  }
}
