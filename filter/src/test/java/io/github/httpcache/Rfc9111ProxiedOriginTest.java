package io.github.httpcache;

import io.github.httpcache.testing.RedisFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The RFC 9111 rules of origin freshness with the filter in front of Jetty's async ProxyServlet,
 * which forwards to the scripted origin on another server: a shared cache before an arbitrary origin.
 */
class Rfc9111ProxiedOriginTest extends Rfc9111Conformance {
  private static TestServer originServer;
  private static TestServer proxy;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    originServer = TestServer.start(Map.of(), Map.of("/*", origin));
    proxy = TestServer.start(cacheConfig(),
        Map.of("/*", new ForwardingProxy("http://127.0.0.1:" + originServer.uri("/").getPort())));
  }

  @AfterAll
  static void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    originServer.close();
    redis.close();
  }

  @Override
  TestServer cache() {
    return proxy;
  }
}
