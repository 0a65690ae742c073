package io.github.httpcache.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts requests per logical key in bounded memory (the Space-Saving algorithm): the busiest
 * keys are tracked; when the table is full, a new key replaces the least counted one and inherits
 * its count, so heavy hitters are never under-counted. Known keys count without locking.
 */
public final class TopKeys {
  private final int capacity;
  private final Map<String, LongAdder> counts;

  public TopKeys(int capacity) {
    this.capacity = capacity;
    this.counts = new ConcurrentHashMap<>(capacity * 2);
  }

  public void record(String key) {
    LongAdder count = counts.get(key);
    if (count != null) {
      count.increment();
      return;
    }
    admit(key);
  }

  private synchronized void admit(String key) {
    LongAdder count = counts.get(key);
    if (count == null) {
      count = new LongAdder();
      if (counts.size() >= capacity) {
        Map.Entry<String, LongAdder> least = leastCounted();
        counts.remove(least.getKey());
        count.add(least.getValue().sum());
      }
      counts.put(key, count);
    }
    count.increment();
  }

  private Map.Entry<String, LongAdder> leastCounted() {
    Map.Entry<String, LongAdder> least = null;
    long leastSum = Long.MAX_VALUE;
    for (Map.Entry<String, LongAdder> entry : counts.entrySet()) {
      long sum = entry.getValue().sum();
      if (sum < leastSum) {
        least = entry;
        leastSum = sum;
      }
    }
    return least;
  }

  /** Up to {@code limit} keys with their counts, busiest first. */
  public List<Map.Entry<String, Long>> top(int limit) {
    List<Map.Entry<String, Long>> snapshot = new ArrayList<>(counts.size());
    counts.forEach((key, count) -> snapshot.add(Map.entry(key, count.sum())));
    snapshot.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    return snapshot.subList(0, Math.min(limit, snapshot.size()));
  }
}
