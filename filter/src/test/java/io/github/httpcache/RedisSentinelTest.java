package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.testing.RedisFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Sentinel group through the filter's own keys ({@code redis.sentinel-master} and {@code
 * redis.sentinel-nodes}), with a real master and a real Sentinel; and the same Sentinel given as
 * {@code redis.url}, which fails the deployment naming the keys to use instead.
 */
class RedisSentinelTest {
  private static RedisFixture master;
  private static RedisFixture sentinel;

  @BeforeAll
  static void start() {
    master = RedisFixture.startProcess();
    sentinel = RedisFixture.startSentinel("cachemaster", master);
  }

  @AfterAll
  static void stop() {
    sentinel.close();
    master.close();
  }

  @Test
  void sentinelManagedRedisFromTheFiltersOwnKeysCachesOnTheMaster() throws Exception {
    OriginServlet origin = new OriginServlet();
    try (TestServer server = TestServer.start(TestServer.config(
            "redis.sentinel-master", "cachemaster",
            "redis.sentinel-nodes", sentinel.url(),
            "cache.near-cache.max-size", "1MiB",
            "route.origin.path", "/origin/{behaviour}",
            "route.origin.ttl", "60s"),
        Map.of("/origin/*", origin))) {
      server.get("/origin/stream");

      assertEquals("HIT", server.get("/origin/stream").headers().firstValue("X-Cache").orElseThrow());
      assertEquals(1, origin.calls.get());
      assertEquals("1", master.command("EXISTS", "http-cache:GET:/origin/stream"));
    }
  }

  @Test
  void theSentinelGivenAsRedisUrlFailsTheDeploymentNamingTheSentinelKeys() {
    Exception failure = assertThrows(Exception.class, () -> TestServer.start(TestServer.config(
            "redis.url", sentinel.url(),
            "route.origin.path", "/origin/{behaviour}",
            "route.origin.ttl", "60s"),
        Map.of("/origin/*", new OriginServlet())).close());

    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertTrue(cause.getMessage().contains("redis.url = \"" + sentinel.url() + "\": that is a Sentinel (watching"
        + " cachemaster); set redis.sentinel-master = cachemaster and redis.sentinel-nodes = " + sentinel.url()),
        cause.getMessage());
  }
}
