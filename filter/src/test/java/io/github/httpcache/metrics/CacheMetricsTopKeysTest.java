package io.github.httpcache.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.codahale.metrics.MetricRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Top keys count what the cache holds: stores and hits, never misses that were not stored. */
class CacheMetricsTopKeysTest {
  private final CacheMetrics metrics = new CacheMetrics(new MetricRegistry(), 5, List.of("api"));

  @Test
  void aStoredKeyAndItsHitsAreCounted() {
    metrics.miss("api", "GET:/a");
    metrics.stored("api", "GET:/a", 10);
    metrics.hit("api", "GET:/a");

    assertEquals(List.of(Map.entry("GET:/a", 2L)), metrics.topKeys().top(10));
    assertEquals(1, metrics.misses());
  }

  @Test
  void manyMissesThatAreNeverStoredDoNotPushAHitKeyOut() {
    metrics.stored("api", "GET:/real", 10);
    metrics.hit("api", "GET:/real");
    for (int i = 0; i < 1000; i++) {
      metrics.miss("api", "GET:/missing/" + i);
    }

    assertEquals(List.of(Map.entry("GET:/real", 2L)), metrics.topKeys().top(10));
    assertEquals(1000, metrics.misses());
  }
}
