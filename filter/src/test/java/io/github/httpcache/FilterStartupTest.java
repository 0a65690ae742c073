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

/** The filter's configuration sources in a real container: init-params, a classpath file, a file path. */
class FilterStartupTest {
  private static RedisFixture redis;

  @BeforeAll
  static void start() {
    redis = RedisFixture.start();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  @Test
  void badTtlFailsStartupNamingKeyValueAndExpectation() {
    Exception failure = assertThrows(Exception.class, () -> TestServer.start(TestServer.config(
            "redis.url", redis.url(),
            "route.users.path", "/users/{id}",
            "route.users.ttl", "5x"),
        Map.of("/users/*", new OriginServlet())).close());

    String message = rootCause(failure).getMessage();
    assertTrue(message.contains("route.users.ttl = \"5x\": expected a positive duration"), message);
  }

  @Test
  void routeTableIsReadFromAClasspathPropertiesFile() throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(
            "redis.url", redis.url(),
            "cache.namespace", "classpath-file:",
            "config.file", "classpath:routes-for-test.properties"),
        Map.of("/origin/*", new OriginServlet()))) {
      server.get("/origin/stream");

      assertEquals("HIT", server.get("/origin/stream").headers().firstValue("X-Cache").orElseThrow());
      long pttl = Long.parseLong(redis.command("PTTL", "classpath-file:GET:/origin/stream"));
      assertTrue(pttl > 40_000 && pttl <= 45_000, "PTTL " + pttl);
    }
  }

  @Test
  void routeTableIsReadFromAFilePath(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("cache.properties");
    Files.writeString(file, "route.origin.path = /origin/{behaviour}\nroute.origin.ttl = 30s\ncache.namespace = path-file:\n");
    try (TestServer server = TestServer.start(TestServer.config(
            "redis.url", redis.url(),
            "config.file", file.toString()),
        Map.of("/origin/*", new OriginServlet()))) {
      server.get("/origin/stream");

      assertEquals("HIT", server.get("/origin/stream").headers().firstValue("X-Cache").orElseThrow());
      assertEquals("1", redis.command("EXISTS", "path-file:GET:/origin/stream"));
    }
  }

  @Test
  void keySetBothAsInitParamAndInTheFileFailsStartup() {
    Exception failure = assertThrows(Exception.class, () -> TestServer.start(TestServer.config(
            "redis.url", redis.url(),
            "route.origin.ttl", "10s",
            "config.file", "classpath:routes-for-test.properties"),
        Map.of("/origin/*", new OriginServlet())).close());

    String message = rootCause(failure).getMessage();
    assertTrue(message.contains("route.origin.ttl is set both as an init-param and in classpath:routes-for-test.properties"),
        message);
  }

  @Test
  void missingConfigFileFailsStartupNamingIt() {
    Exception failure = assertThrows(Exception.class, () -> TestServer.start(TestServer.config(
            "redis.url", redis.url(),
            "config.file", "classpath:no-such-file.properties"),
        Map.of("/origin/*", new OriginServlet())).close());

    String message = rootCause(failure).getMessage();
    assertTrue(message.contains("config.file = \"classpath:no-such-file.properties\": no such classpath resource"), message);
  }

  @Test
  void placeholdersAreResolvedFromSystemProperties() throws Exception {
    System.setProperty("HTTP_CACHE_TEST_NAMESPACE", "from-property:");
    try (TestServer server = TestServer.start(TestServer.config(
            "redis.url", "${HTTP_CACHE_TEST_REDIS:" + redis.url() + "}",
            "cache.namespace", "${HTTP_CACHE_TEST_NAMESPACE}",
            "route.origin.path", "/origin/{behaviour}",
            "route.origin.ttl", "30s"),
        Map.of("/origin/*", new OriginServlet()))) {
      server.get("/origin/stream");

      assertEquals("1", redis.command("EXISTS", "from-property:GET:/origin/stream"));
    } finally {
      System.clearProperty("HTTP_CACHE_TEST_NAMESPACE");
    }
  }
}
