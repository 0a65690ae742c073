package io.github.httpcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code cache.heuristic-freshness} and {@code cache.heuristic-max}, as every route gets them: off unless set. */
class HeuristicFreshnessConfigTest {
  private static Map<String, String> entries(String... keyValues) {
    Map<String, String> entries = new LinkedHashMap<>(Map.of("route.all.path", "/**", "cache.freshness", "origin"));
    for (int i = 0; i < keyValues.length; i += 2) {
      entries.put(keyValues[i], keyValues[i + 1]);
    }
    return entries;
  }

  private static HeuristicFreshness heuristic(String... keyValues) {
    return ConfigParser.parse(entries(keyValues)).routeTable().routes().get(0).heuristic();
  }

  @ParameterizedTest(name = "[{index}] {0} / {1} -> {2} capped at {3} s")
  @CsvSource(delimiter = '|', textBlock = """
      # heuristic-freshness | heuristic-max | fraction | cap (s)
      ''                    | ''            | 0        | 0
      off                   | ''            | 0        | 0
      10%                   | ''            | 0.1      | 86400
      ' 10 % '              | 2h            | 0.1      | 7200
      12.5%                 | PT30M         | 0.125    | 1800
      100%                  | 1d            | 1.0      | 86400
      """)
  void offByDefaultElseAShareOfTheTimeSinceLastModifiedCapped(String percent, String max, double fraction, long cap) {
    HeuristicFreshness heuristic = heuristic(percent.isEmpty() ? new String[0] : max.isEmpty()
        ? new String[] {"cache.heuristic-freshness", percent}
        : new String[] {"cache.heuristic-freshness", percent, "cache.heuristic-max", max});

    assertEquals(fraction, heuristic.fraction(), 1e-9);
    assertEquals(Duration.ofSeconds(cap), heuristic.max());
    assertEquals(fraction > 0, heuristic.enabled());
  }

  @ParameterizedTest(name = "[{index}] {0} = {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # key                   | value | other key             | other value | message
      cache.heuristic-freshness | 10   | ''                   | ''          | cache.heuristic-freshness = "10": expected off or a percentage above 0 and at most 100, such as 10%
      cache.heuristic-freshness | 0%   | ''                   | ''          | cache.heuristic-freshness = "0%": expected off or a percentage above 0 and at most 100, such as 10%
      cache.heuristic-freshness | 150% | ''                   | ''          | cache.heuristic-freshness = "150%": expected off or a percentage above 0 and at most 100, such as 10%
      cache.heuristic-freshness | -5%  | ''                   | ''          | cache.heuristic-freshness = "-5%": expected off or a percentage above 0 and at most 100, such as 10%
      cache.heuristic-freshness | 0.1  | ''                   | ''          | cache.heuristic-freshness = "0.1": expected off or a percentage above 0 and at most 100, such as 10%
      cache.heuristic-max       | 1d   | ''                   | ''          | cache.heuristic-max = "1d": only applies with cache.heuristic-freshness (a percentage such as 10%), which is off
      cache.heuristic-max       | 0s   | cache.heuristic-freshness | 10%  | cache.heuristic-max = "0s": expected a positive duration such as 250ms, 30s, 5m, 1h, 1d or PT2M
      cache.heuristic-max       | soon | cache.heuristic-freshness | 10%  | cache.heuristic-max = "soon": expected a positive duration such as 250ms, 30s, 5m, 1h, 1d or PT2M
      """)
  void aBadValueStopsTheDeploymentNamingKeyValueAndWhatWasExpected(String key, String value, String otherKey,
      String otherValue, String message) {
    Map<String, String> entries = otherKey.isEmpty() ? entries(key, value) : entries(key, value, otherKey, otherValue);

    assertEquals(message, assertThrows(ConfigException.class, () -> ConfigParser.parse(entries)).getMessage());
  }
}
