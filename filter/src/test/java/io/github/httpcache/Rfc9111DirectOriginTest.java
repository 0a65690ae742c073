package io.github.httpcache;

import io.github.httpcache.testing.RedisFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The RFC 9111 rules of origin freshness with the scripted origin servlet directly behind the filter (blocking). */
class Rfc9111DirectOriginTest extends Rfc9111Conformance {
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.start();
    server = TestServer.start(cacheConfig(), Map.of("/*", origin));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    redis.close();
  }

  @Override
  TestServer cache() {
    return server;
  }
}
