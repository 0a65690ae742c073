package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httpcache.servlet.AdminServlet;
import io.github.httpcache.testing.RedisFixture;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared-cache rules with the scripted origin servlet directly behind the filter. */
class DirectOriginConformanceTest extends SharedCacheConformance {
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    server = TestServer.start(cacheConfig(), Map.of("/*", origin, "/api/invalidate/*", new AdminServlet()));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    redis.close();
  }

  @Override
  TestServer cache() {
    return server;
  }

  // Only observable without a proxy in between: Jetty's ProxyServlet consumes the Connection field itself.
  @Test
  void headersListedInConnectionAreNotReplayed() throws Exception {
    origin.script("/s/connection", 200, "x", "Connection", "X-Hop", "X-Hop", "secret", "X-Kept", "yes");
    server.get("/s/connection");

    HttpResponse<String> hit = server.get("/s/connection");

    assertEquals("HIT", hit.headers().firstValue("X-Cache").orElse(null));
    assertEquals("yes", hit.headers().firstValue("X-Kept").orElse(null));
    assertEquals(null, hit.headers().firstValue("X-Hop").orElse(null));
  }
}
