package io.github.httpcache.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What {@code /metrics/cache} shows a client without admin rights: paths, never query values or users. */
class PublicTopKeysTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "GET:/api/users/2?email=x&reset_token=y | GET:/api/users/2?\u2026",
      "GET:/api/posts/                        | GET:/api/posts/",
      "GET:/api/me#user=alice%40example.com   | GET:/api/me",
      "GET:/api/me?page=2#user=alice          | GET:/api/me?\u2026",
      "GET:/api/me#user=alice?x=1             | GET:/api/me",
      "GET:/search?                           | GET:/search?\u2026",
      "user_42                                | user_42",
  })
  void queryAndUserPartAreHidden(String key, String shown) {
    assertEquals(shown, MetricsJsonServlet.withoutQuery(key));
  }

  @Test
  void keysThatLookAlikeOnceHiddenAreMergedBusiestFirst() {
    List<Map.Entry<String, Long>> top = List.of(
        Map.entry("GET:/b", 5L), Map.entry("GET:/a?x=1", 4L), Map.entry("GET:/a?x=2", 3L), Map.entry("GET:/a#user=u", 1L));

    assertEquals(List.of(Map.entry("GET:/a?\u2026", 7L), Map.entry("GET:/b", 5L), Map.entry("GET:/a", 1L)),
        MetricsJsonServlet.withoutQueries(top));
  }
}
