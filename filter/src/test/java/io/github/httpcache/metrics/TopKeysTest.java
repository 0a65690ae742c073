package io.github.httpcache.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopKeysTest {
  private static void record(TopKeys topKeys, String key, int times) {
    for (int i = 0; i < times; i++) {
      topKeys.record(key);
    }
  }

  @Test
  void countsEachRequestPerKey() {
    TopKeys topKeys = new TopKeys(10);
    record(topKeys, "GET:/api/posts/", 7);
    record(topKeys, "GET:/api/users/1", 2);

    assertEquals(
        List.of(Map.entry("GET:/api/posts/", 7L), Map.entry("GET:/api/users/1", 2L)),
        topKeys.top(10));
  }

  @Test
  void busiestKeyComesFirst() {
    TopKeys topKeys = new TopKeys(10);
    record(topKeys, "GET:/a", 1);
    record(topKeys, "GET:/b", 3);
    record(topKeys, "GET:/c", 2);

    assertEquals(List.of("GET:/b", "GET:/c", "GET:/a"), keys(topKeys.top(10)));
  }

  @Test
  void tiesAreOrderedByKey() {
    TopKeys topKeys = new TopKeys(10);
    record(topKeys, "GET:/c", 2);
    record(topKeys, "GET:/a", 2);
    record(topKeys, "GET:/b", 2);

    assertEquals(List.of("GET:/a", "GET:/b", "GET:/c"), keys(topKeys.top(10)));
  }

  @ParameterizedTest(name = "top({0}) of 5 keys gives {1}")
  @CsvSource({"0, 0", "1, 1", "3, 3", "5, 5", "10, 5"})
  void topReturnsAtMostLimitKeys(int limit, int size) {
    TopKeys topKeys = new TopKeys(10);
    for (int i = 0; i < 5; i++) {
      record(topKeys, "GET:/" + i, i + 1);
    }

    assertEquals(size, topKeys.top(limit).size());
  }

  @Test
  void topLimitKeepsTheBusiestKeys() {
    TopKeys topKeys = new TopKeys(10);
    for (int i = 0; i < 5; i++) {
      record(topKeys, "GET:/" + i, i + 1);
    }

    assertEquals(List.of("GET:/4", "GET:/3"), keys(topKeys.top(2)));
  }

  @Test
  void tracksNoMoreKeysThanItsCapacity() {
    TopKeys topKeys = new TopKeys(3);
    for (int i = 0; i < 10; i++) {
      topKeys.record("GET:/" + i);
    }

    assertEquals(3, topKeys.top(100).size());
  }

  @Test
  void heavyHitterIsNeverEvictedByAStreamOfOneOffKeys() {
    TopKeys topKeys = new TopKeys(3);
    for (int i = 0; i < 1000; i++) {
      topKeys.record("GET:/hot");
      topKeys.record("GET:/once/" + i);
    }

    assertEquals(Map.entry("GET:/hot", 1000L), topKeys.top(1).get(0));
  }

  @Test
  void heavyHitterRecordedFirstSurvivesFewerOneOffKeysThanItsCount() {
    TopKeys topKeys = new TopKeys(3);
    record(topKeys, "GET:/hot", 100);
    for (int i = 0; i < 99; i++) {
      topKeys.record("GET:/once/" + i);
    }

    assertEquals(Map.entry("GET:/hot", 100L), topKeys.top(1).get(0));
  }

  @Test
  void newKeyInheritsTheEvictedCountSoNoKeyIsUnderCounted() {
    TopKeys topKeys = new TopKeys(2);
    record(topKeys, "GET:/a", 5);
    record(topKeys, "GET:/b", 2);

    topKeys.record("GET:/c");

    assertEquals(List.of(Map.entry("GET:/a", 5L), Map.entry("GET:/c", 3L)), topKeys.top(10));
  }

  private static List<String> keys(List<Map.Entry<String, Long>> entries) {
    return entries.stream().map(Map.Entry::getKey).toList();
  }
}
