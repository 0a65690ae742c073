package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.testing.RedisFixture;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cross-node fill lease: one origin call for a cold key across two nodes, and no wait past a dead holder's lease. */
class FillLeaseTest {
  private static final CoalescingTest.SlowOrigin origin = new CoalescingTest.SlowOrigin();
  private static RedisFixture redis;
  private static TestServer nodeA;
  private static TestServer nodeB;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    Map<String, String> config = TestServer.config(
        "redis.url", redis.url(),
        "cache.fill-lease", "5s",
        "route.slow.path", "/slow/{name}",
        "route.slow.ttl", "60s");
    nodeA = TestServer.start(config, Map.of("/slow/*", origin)).behind("localhost");
    nodeB = TestServer.start(config, Map.of("/slow/*", origin)).behind("localhost");
  }

  @AfterAll
  static void stop() {
    nodeA.close();
    nodeB.close();
    redis.close();
  }

  @BeforeEach
  void reset() {
    redis.flushAll();
    origin.calls.set(0);
  }

  @Test
  void concurrentMissesOnTwoNodesMakeOneOriginCall() throws Exception {
    int clients = 20;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> pending = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      TestServer node = i % 2 == 0 ? nodeA : nodeB;
      pending.add(pool.submit(() -> {
        go.await();
        return node.get("/slow/stampede");
      }));
    }
    go.countDown();
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (Future<HttpResponse<String>> response : pending) {
      responses.add(response.get());
    }
    pool.shutdown();

    System.out.printf("Fill lease: %d concurrent cold requests on two nodes made %d origin call(s)%n",
        clients, origin.calls.get());
    assertEquals(1, origin.calls.get());
    assertEquals(clients, responses.stream().filter(r -> r.body().equals("call 1")).count());
  }

  @Test
  void deadLeaseHolderBlocksNobodyPastItsLease() throws Exception {
    redis.command("SET", "http-cache:~lease:GET:/slow/orphan", "a node that died", "PX", "700");

    long started = System.nanoTime();
    HttpResponse<String> response = nodeA.get("/slow/orphan");
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertEquals(200, response.statusCode());
    assertEquals("MISS", response.headers().firstValue("X-Cache").orElseThrow());
    assertTrue(millis >= 600 && millis < 3_000, "waited " + millis + " ms for a 700 ms lease");
  }
}
