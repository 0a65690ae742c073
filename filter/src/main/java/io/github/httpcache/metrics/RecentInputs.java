package io.github.httpcache.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How often each route refused (or warned about) each unkeyed input over the last
 * {@link #WINDOW}, in one-minute buckets, for the dashboard. Bounded by the routes and the inputs
 * their pages read, which the application's code names, not its clients.
 */
public final class RecentInputs {
  public static final Duration WINDOW = Duration.ofMinutes(15);
  private static final int BUCKETS = (int) WINDOW.toMinutes();
  private static final long BUCKET_MILLIS = 60_000;

  private final Clock clock;
  private final Map<List<String>, Buckets> counts = new ConcurrentHashMap<>();

  /** Counts per minute, each slot stamped with the minute it counts. */
  private static final class Buckets {
    final AtomicLongArray minutes = new AtomicLongArray(BUCKETS);
    final AtomicLongArray values = new AtomicLongArray(BUCKETS);

    synchronized void add(long minute) {
      int slot = (int) (minute % BUCKETS);
      if (minutes.get(slot) != minute) {
        minutes.set(slot, minute);
        values.set(slot, 0);
      }
      values.incrementAndGet(slot);
    }

    synchronized long sumSince(long firstMinute) {
      long sum = 0;
      for (int slot = 0; slot < BUCKETS; slot++) {
        sum += minutes.get(slot) >= firstMinute ? values.get(slot) : 0;
      }
      return sum;
    }
  }

  public RecentInputs(Clock clock) {
    this.clock = clock;
  }

  public void record(String route, String input) {
    counts.computeIfAbsent(List.of(route, input), k -> new Buckets()).add(clock.millis() / BUCKET_MILLIS);
  }

  /** Route, then input, then how often it was met within the window; quiet pairs left out. */
  public Map<String, Map<String, Long>> lastWindow() {
    long first = clock.millis() / BUCKET_MILLIS - BUCKETS + 1;
    Map<String, Map<String, Long>> recent = new TreeMap<>();
    counts.forEach((pair, buckets) -> {
      long sum = buckets.sumSince(first);
      if (sum > 0) {
        recent.computeIfAbsent(pair.get(0), r -> new TreeMap<>()).put(pair.get(1), sum);
      }
    });
    return recent;
  }
}
