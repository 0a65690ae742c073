package io.github.httpcache;

import io.github.httpcache.servlet.AdminServlet;
import io.github.httpcache.testing.RedisFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared-cache rules with the filter in front of Jetty's async ProxyServlet, which forwards
 * to the scripted origin on another server: the cache in front of an arbitrary origin.
 */
class ProxiedOriginConformanceTest extends SharedCacheConformance {
  private static TestServer originServer;
  private static TestServer proxy;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    originServer = TestServer.start(Map.of(), Map.of("/*", origin));
    proxy = TestServer.start(trustingTheOriginsVary(cacheConfig()),
        Map.of("/*", new ForwardingProxy("http://127.0.0.1:" + originServer.uri("/").getPort()),
            "/api/invalidate/*", new AdminServlet()));
  }

  /**
   * A proxy servlet reads every request header to forward it, so each route says {@code inputs = off}:
   * the upstream's {@code Vary} keys its responses, as for any shared cache (docs/http-semantics.md).
   */
  private static Map<String, String> trustingTheOriginsVary(Map<String, String> config) {
    Map<String, String> trusting = new java.util.LinkedHashMap<>(config);
    config.keySet().stream().filter(key -> key.startsWith("route.") && key.endsWith(".path"))
        .forEach(key -> trusting.put(key.substring(0, key.length() - ".path".length()) + ".inputs", "off"));
    return trusting;
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
    originServer.close();
    redis.close();
  }

  @Override
  TestServer cache() {
    return proxy;
  }
}
