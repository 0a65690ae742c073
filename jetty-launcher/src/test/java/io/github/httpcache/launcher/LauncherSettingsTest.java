package io.github.httpcache.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class LauncherSettingsTest {

  private static final UnaryOperator<String> UNSET = name -> null;

  @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
  @CsvSource(quoteCharacter = '`', value = {"8080, 8080", "18080, 18080", "` 9000 `, 9000", "1, 1",
      "65535, 65535", "0, 0"})
  void portInRangeIsAccepted(String value, int expected) {
    assertEquals(expected, LauncherSettings.parsePort(value));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @NullSource
  @ValueSource(strings = {"", "   "})
  void unsetOrBlankPortMeans8080(String value) {
    assertEquals(8080, LauncherSettings.parsePort(value));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"-1", "65536", "http", "80.0", "8080x", "99999999999"})
  void invalidPortFailsWithMessageNamingVariableValueAndExpectation(String value) {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> LauncherSettings.parsePort(value));

    assertEquals("PORT = \"" + value + "\": expected a TCP port from 1 to 65535 (or 0 for any free port),"
        + " such as 8080", error.getMessage());
  }

  @Test
  void redisUrlSystemPropertyWinsOverEnvironment() {
    LauncherSettings settings = LauncherSettings.resolve(
        of("redis.url", "redis://from-property:6379"), of("REDIS_URL", "redis://from-env:6379"));

    assertEquals(Optional.of("redis://from-property:6379"), settings.redisUrl());
  }

  @Test
  void redisUrlEnvironmentVariableIsUsedWithoutProperty() {
    LauncherSettings settings = LauncherSettings.resolve(UNSET, of("REDIS_URL", "redis://from-env:6379"));

    assertEquals(Optional.of("redis://from-env:6379"), settings.redisUrl());
  }

  @Test
  void blankRedisUrlMeansNoneSoAnEmbeddedRedisIsStarted() {
    LauncherSettings settings = LauncherSettings.resolve(of("redis.url", " "), of("REDIS_URL", ""));

    assertEquals(Optional.empty(), settings.redisUrl());
  }

  @Test
  void portComesFromTheEnvironment() {
    assertEquals(18080, LauncherSettings.resolve(UNSET, of("PORT", "18080")).port());
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
  @CsvSource(quoteCharacter = '`', value = {"s3cret, BEARER_TOKEN", "``, LOOPBACK_ONLY", "` `, LOOPBACK_ONLY"})
  void adminAccessFollowsWhetherATokenIsSet(String token, AdminAccess expected) {
    assertEquals(expected, LauncherSettings.resolve(UNSET, of("CACHE_ADMIN_TOKEN", token)).adminAccess());
  }

  @Test
  void adminAccessDescriptionNeverContainsTheToken() {
    LauncherSettings settings = LauncherSettings.resolve(UNSET, of("CACHE_ADMIN_TOKEN", "s3cret"));

    assertFalse(settings.adminAccess().description().contains("s3cret"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
      "redis://127.0.0.1:6379, redis://127.0.0.1:6379",
      "redis://:s3cret@redis.internal:6380/0, redis://***@redis.internal:6380/0",
      "rediss://user:s3cret@redis.internal:6380, rediss://***@redis.internal:6380",
  })
  void redisUrlForLogHidesThePassword(String url, String expected) {
    assertEquals(expected, LauncherSettings.forLog(url));
  }

  private static UnaryOperator<String> of(String name, String value) {
    return Map.of(name, value)::get;
  }
}
