package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.httpcache.servlet.AdminServlet;
import io.github.httpcache.testing.RedisClusterFixture;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Caching and invalidation against a real three-master Redis Cluster of local processes. */
class RedisClusterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static RedisClusterFixture cluster;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    cluster = RedisClusterFixture.start(3);
    server = TestServer.start(TestServer.config(
            "redis.cluster-nodes", cluster.nodes(),
            "redis.timeout", "2s",
            "route.item.path", "/v/{item}",
            "route.item.ttl", "60s",
            "invalidate.item-put.method", "PUT",
            "invalidate.item-put.path", "/v/{item}",
            "invalidate.item-put.keys", "GET:/v/{item}"),
        Map.of("/v/*", new VersionedResource(VersionedResource.database()), "/api/invalidate/*", new AdminServlet()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    cluster.close();
  }

  @BeforeEach
  void emptyCluster() {
    cluster.flushAll();
  }

  private static String xCache(HttpResponse<?> response) {
    return response.headers().firstValue("X-Cache").orElse("(none)");
  }

  @Test
  void entriesAreSpreadOverTheMastersAndServed() throws Exception {
    for (int i = 0; i < 30; i++) {
      server.get("/v/spread-" + i);
    }

    assertEquals(3, cluster.mastersHolding("http-cache:GET:/v/spread-*"));
    assertEquals("HIT", xCache(server.get("/v/spread-7")));
  }

  @Test
  void writeInvalidatesItsKeyOnWhicheverMasterHoldsIt() throws Exception {
    server.get("/v/key");
    assertEquals("HIT", xCache(server.get("/v/key")));

    server.send("PUT", "/v/key", "");

    HttpResponse<String> after = server.get("/v/key");
    assertEquals("MISS", xCache(after));
    assertEquals("1", after.body());
  }

  @Test
  void patternInvalidationScansEveryMaster() throws Exception {
    for (int i = 0; i < 30; i++) {
      server.get("/v/p-" + i);
    }
    server.get("/v/q-1");

    HttpResponse<String> deleted = server.send("DELETE", "/api/invalidate?pattern=GET:/v/p-*", null);

    assertEquals(30, JSON.readTree(deleted.body()).get("deleted").asLong());
    assertTrue(cluster.keys("http-cache:GET:/v/p-*").isEmpty());
    assertEquals("HIT", xCache(server.get("/v/q-1")));
  }

  @Test
  void tagInvalidationReachesEntriesOnEveryMaster() throws Exception {
    for (int i = 0; i < 20; i++) {
      server.get("/v/t-" + i);
    }

    HttpResponse<String> deleted = server.send("DELETE", "/api/invalidate?tag=items", null);

    assertEquals(20, JSON.readTree(deleted.body()).get("deleted").asLong());
    assertEquals("MISS", xCache(server.get("/v/t-3")));
  }
}
