package io.github.httpcache.metrics;

import java.util.OptionalDouble;

/** One route's counters since this node started, for the dashboard's per-route table. */
public record RouteStatistics(String route, long hits, long misses, long bypasses, long stores, long storedBytes) {
  /** Hits over hits plus misses (bypasses never looked); empty before the route's first lookup. */
  public OptionalDouble hitRatio() {
    return HitRatioHistory.ratio(hits, misses);
  }
}
