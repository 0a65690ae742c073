package io.github.httpcache.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheSettingsTest {
  @Test
  void toStringMasksTheAdminToken() {
    String text = ConfigParser.parse(Map.of("admin.token", "s3cr3t-t0ken")).toString();

    assertAll(
        () -> assertTrue(text.contains("admin.token=****"), text),
        () -> assertFalse(text.contains("s3cr3t-t0ken"), text));
  }

  @Test
  void toStringSaysLoopbackOnlyWhenNoTokenIsSet() {
    String text = ConfigParser.parse(Map.of()).toString();

    assertTrue(text.contains("admin.token=(none: loopback only)"), text);
  }

  @ParameterizedTest(name = "{0} is logged as {1}")
  @CsvSource({
    "redis://user:secret@host:6379,     redis://user:****@host:6379,     secret",
    "redis://:secret@host:6379/1,       redis://:****@host:6379/1,       secret",
    "rediss://secret@host:6380,         rediss://****@host:6380,         secret",
    "redis://user:p%40ss%3Aw0rd@host,   redis://user:****@host,          p%40ss",
    "redis://user:p@ss@host:6379,       redis://user:****@host:6379,     p@ss",
    "redis://user:secret@my_redis:6379, redis://user:****@my_redis:6379, secret",
    "redis://user:pa/ss@host:6379,      redis://user:****@host:6379,     pa/ss",
    "redis://127.0.0.1:6379,            redis://127.0.0.1:6379,          ****",
  })
  void toStringMasksTheRedisPassword(String url, String masked, String secret) {
    String text = settingsWithRedisUrl(url).toString();

    assertAll(
        () -> assertTrue(text.contains("redis.url=" + masked + " "), text),
        () -> assertFalse(text.contains(secret), text));
  }

  @ParameterizedTest(name = "cache.compression={0}")
  @CsvSource({"gzip", "off"})
  void toStringShowsTheCompressionSettings(String compression) {
    String text = ConfigParser.parse(
        Map.of("cache.compression", compression, "cache.compression-min-size", "2KiB")).toString();

    assertTrue(text.contains(" cache.compression=" + compression + " cache.compression-min-size=2048 "), text);
  }

  @Test
  void toStringListsTheResolvedRoutes() {
    String text = ConfigParser.parse(Map.of("route.user.path", "/api/users/{id}", "route.user.ttl", "2m")).toString();

    assertTrue(text.contains("route user: GET /api/users/{id} ttl 120s"), text);
  }

  private static CacheSettings settingsWithRedisUrl(String url) {
    return new CacheSettings(url, List.of(), java.util.Optional.empty(), Duration.ofMillis(100), 5, Duration.ofSeconds(5), "http-cache:", 1024, true, 1024,
        "Cache-Tag", Duration.ofSeconds(60), 10_000, Duration.ofSeconds(5), java.util.Optional.empty(), 0,
        Duration.ofSeconds(10), "", 100, java.util.Optional.empty(),
        new RouteTable(List.of(), List.of()), Duration.ofHours(1), 64L << 20, java.util.Optional.empty(), List.of(),
        java.util.Optional.empty(), java.util.Optional.empty(), 32, -1, Duration.ofSeconds(5), Duration.ZERO);
  }
}
