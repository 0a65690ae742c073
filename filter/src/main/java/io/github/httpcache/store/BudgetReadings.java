package io.github.httpcache.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node last heard of each route's key budget (its HyperLogLog's count). Far below the
 * budget, a save counts its key in the save's own round trip instead of asking first; near it,
 * or before anything was heard, the save asks (an exact, atomic admission). Far means more than
 * {@link #slack} keys short: only that many fills in flight at once could overshoot it.
 */
final class BudgetReadings {
  private final Map<String, Long> counts = new ConcurrentHashMap<>();

  /** Whether {@code budgetKey} was last heard more than the slack below {@code maxKeys}. */
  boolean farBelow(String budgetKey, long maxKeys) {
    Long count = counts.get(budgetKey);
    return count != null && count + slack(maxKeys) < maxKeys;
  }

  void heard(String budgetKey, long count) {
    counts.put(budgetKey, count);
  }

  /** A tenth of the budget, at least 64: a small budget is always asked, so it holds exactly. */
  static long slack(long maxKeys) {
    return Math.max(64, maxKeys / 10);
  }
}
