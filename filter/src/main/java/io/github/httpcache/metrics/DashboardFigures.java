package io.github.httpcache.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Everything the admin dashboard shows for this node: totals, the hit-ratio history, the
 * per-route table, the busiest keys, the namespace's entry count (empty while Redis does not answer)
 * and, per route, the unkeyed inputs that kept pages out of the cache in the last 15 minutes.
 */
public record DashboardFigures(
    long hits,
    long misses,
    long storedBytes,
    OptionalLong entries,
    Duration historyInterval,
    Duration historyWindow,
    List<HitRatioHistory.Point> history,
    List<RouteStatistics> routes,
    List<Map.Entry<String, Long>> topKeys,
    Map<String, Map<String, Long>> unkeyedInputs) {
  public DashboardFigures {
    history = List.copyOf(history);
    routes = List.copyOf(routes);
    topKeys = List.copyOf(topKeys);
    unkeyedInputs = Map.copyOf(unkeyedInputs);
  }
}
