package io.github.httpcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httpcache.testing.RedisFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis topologies through Redisson's own YAML ({@code redis.config-file}): a Sentinel-managed
 * master, with a real redis-server and a real Sentinel process.
 */
class RedissonConfigFileTest {
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
  void sentinelManagedRedisFromARedissonYamlFile(@TempDir Path directory) throws Exception {
    Path yaml = directory.resolve("redisson.yaml");
    Files.writeString(yaml, String.join("\n",
        "sentinelServersConfig:",
        "  masterName: \"cachemaster\"",
        "  sentinelAddresses:",
        "    - \"" + sentinel.url() + "\"",
        "  checkSentinelsList: false",
        "  timeout: 1000",
        "  retryAttempts: 0",
        ""));
    try (TestServer server = TestServer.start(TestServer.config(
            "redis.config-file", yaml.toString(),
            "route.origin.path", "/origin/{behaviour}",
            "route.origin.ttl", "60s"),
        Map.of("/origin/*", new OriginServlet()))) {
      server.get("/origin/stream");

      assertEquals("HIT", server.get("/origin/stream").headers().firstValue("X-Cache").orElseThrow());
      assertEquals("1", master.command("EXISTS", "http-cache:GET:/origin/stream"));
    }
  }

  @Test
  void configFileBesideRedisUrlIsRejectedNamingBoth() {
    Exception failure = assertThrows(Exception.class, () -> TestServer.start(TestServer.config(
            "redis.url", master.url(),
            "redis.config-file", "classpath:redisson.yaml",
            "route.origin.path", "/origin/{behaviour}",
            "route.origin.ttl", "60s"),
        Map.of("/origin/*", new OriginServlet())).close());

    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertTrue(cause.getMessage().contains("redis.config-file = \"classpath:redisson.yaml\": conflicts with redis.url"),
        cause.getMessage());
  }
}
