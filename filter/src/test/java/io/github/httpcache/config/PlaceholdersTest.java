package io.github.httpcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaceholdersTest {
  private static final Map<String, String> ENVIRONMENT = Map.of(
      "REDIS_URL", "redis://cache:6379",
      "HOST", "cache",
      "PORT", "6380",
      "EMPTY", "",
      "ODD", "a$1\\b");

  private static String resolve(String value) {
    return Placeholders.resolve(Map.of("redis.url", value), ENVIRONMENT::get).get("redis.url");
  }

  @Test
  void setNameIsReplacedByItsValue() {
    assertEquals("redis://cache:6379", resolve("${REDIS_URL:redis://127.0.0.1:6379}"));
  }

  @Test
  void unsetNameTakesItsDefault() {
    assertEquals("redis://127.0.0.1:6379", resolve("${UNSET_URL:redis://127.0.0.1:6379}"));
  }

  @Test
  void emptyDefaultGivesAnEmptyValue() {
    assertEquals("", resolve("${CACHE_ADMIN_TOKEN:}"));
  }

  @Test
  void setButEmptyNameIsUsedRatherThanTheDefault() {
    assertEquals("", resolve("${EMPTY:fallback}"));
  }

  @Test
  void unsetNameWithoutDefaultIsAnErrorNamingTheKey() {
    ConfigException error = assertThrows(ConfigException.class,
        () -> Placeholders.resolve(Map.of("admin.token", "${CACHE_ADMIN_TOKEN}"), ENVIRONMENT::get));

    assertEquals(
        "admin.token = \"${CACHE_ADMIN_TOKEN}\": ${CACHE_ADMIN_TOKEN} is not set as a system property or"
            + " environment variable, and has no default",
        error.getMessage());
  }

  @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
  @CsvSource(delimiter = '|', textBlock = """
      # value                          | resolved
      redis://${HOST}:${PORT}/0        | redis://cache:6380/0
      ${HOST}${HOST}                   | cachecache
      redis://${HOST}:${UNSET:6379}    | redis://cache:6379
      """)
  void everyPlaceholderInAValueIsResolved(String value, String resolved) {
    assertEquals(resolved, resolve(value));
  }

  @ParameterizedTest(name = "\"{0}\" is unchanged")
  @CsvSource({"redis://127.0.0.1:6379", "$HOST", "${}", "cost: $5", "{HOST}"})
  void valuesWithoutPlaceholdersAreUnchanged(String value) {
    assertEquals(value, resolve(value));
  }

  @Test
  void dollarsAndBackslashesInALookedUpValueAreKeptLiterally() {
    assertEquals("a$1\\b", resolve("${ODD}"));
  }

  @Test
  void resolvedEntriesKeepTheirKeysInOrder() {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("redis.url", "${REDIS_URL}");
    entries.put("cache.namespace", "app:");
    entries.put("admin.token", "${UNSET:}");

    Map<String, String> resolved = Placeholders.resolve(entries, ENVIRONMENT::get);

    assertEquals(List.of("redis.url", "cache.namespace", "admin.token"), List.copyOf(resolved.keySet()));
  }
}
