package io.github.httpcache.metrics;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The figures behind {@code GET /metrics/cache}: this node's hits and misses, top keys, and Redis's entry count. */
public record CacheStatistics(long hits, long misses, List<Map.Entry<String, Long>> topKeys, OptionalLong totalCachedKeys) {
  public CacheStatistics {
    topKeys = List.copyOf(topKeys);
  }
}
