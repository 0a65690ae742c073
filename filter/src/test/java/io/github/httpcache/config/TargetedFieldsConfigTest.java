package io.github.httpcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code cache.targeted-fields} and {@code cache.forward-targeted-fields} (RFC 9213), as every route gets them. */
class TargetedFieldsConfigTest {
  private static Map<String, String> entries(String... keyValues) {
    Map<String, String> entries = new LinkedHashMap<>(Map.of("route.all.path", "/**", "cache.freshness", "origin"));
    for (int i = 0; i < keyValues.length; i += 2) {
      entries.put(keyValues[i], keyValues[i + 1]);
    }
    return entries;
  }

  private static TargetedFields targeted(String... keyValues) {
    return ConfigParser.parse(entries(keyValues)).routeTable().routes().get(0).targeted();
  }

  @Test
  void cdnCacheControlIsObeyedAndHiddenByDefault() {
    assertEquals(new TargetedFields(List.of("cdn-cache-control"), false), targeted());
    assertEquals(java.util.Set.of("cdn-cache-control"), targeted().hidden());
  }

  @ParameterizedTest(name = "[{index}] {0} / {1} -> {2} forwarded {3}")
  @CsvSource(delimiter = '|', textBlock = """
      My-Cache-Control, CDN-Cache-Control | false | my-cache-control cdn-cache-control | false
      CDN-Cache-Control                   | true  | cdn-cache-control                  | true
      none                                | false | ''                                 | false
      """)
  void theListIsInPrecedenceOrderAndLowerCase(String names, String forward, String expected, boolean forwarded) {
    TargetedFields fields = targeted("cache.targeted-fields", names, "cache.forward-targeted-fields", forward);

    assertEquals(expected, String.join(" ", fields.names()));
    assertEquals(forwarded, fields.forward());
    assertEquals(forwarded || fields.names().isEmpty(), fields.hidden().isEmpty());
  }

  @ParameterizedTest(name = "[{index}] {0} = {1}")
  @CsvSource(delimiter = '|', textBlock = """
      cache.targeted-fields         | Cache-Control
      cache.targeted-fields         | 'CDN Cache Control'
      cache.targeted-fields         | 'CDN-Cache-Control,'
      cache.forward-targeted-fields | yes
      """)
  void aBadValueStopsTheDeploymentNamingTheKey(String key, String value) {
    String message = assertThrows(ConfigException.class, () -> ConfigParser.parse(entries(key, value))).getMessage();

    assertEquals(true, message.contains(key), message);
  }
}
