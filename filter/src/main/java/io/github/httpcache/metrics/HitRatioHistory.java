package io.github.httpcache.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The hit ratio over the last minutes, for the dashboard's chart: a ring of this node's cumulative
 * hit and miss counts sampled at a fixed interval, read back as one point per interval. A scheduler
 * calls {@link #sample}; the clock is injected so tests advance a fake one instead of sleeping.
 */
public final class HitRatioHistory {
  /** How often the cache samples its counters. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  /** How far back the chart reaches. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);

  private final Clock clock;
  private final Duration interval;
  private final Duration window;
  private final int capacity;
  private final Deque<Sample> samples;

  public HitRatioHistory(Clock clock, Duration interval, Duration window) {
    if (interval.isZero() || interval.isNegative() || window.compareTo(interval) < 0) {
      throw new IllegalArgumentException("interval = " + interval + ", window = " + window
          + ": expected a positive interval no longer than the window");
    }
    this.clock = clock;
    this.interval = interval;
    this.window = window;
    // One more sample than points: each point is the difference between two neighbours.
    this.capacity = Math.toIntExact(window.toMillis() / interval.toMillis()) + 1;
    this.samples = new ArrayDeque<>(capacity);
  }

  /** Records the cumulative counters now; the oldest sample falls out once the ring is full. */
  public synchronized void sample(long hits, long misses) {
    samples.addLast(new Sample(clock.instant(), hits, misses));
    while (samples.size() > capacity) {
      samples.removeFirst();
    }
  }

  /**
   * One point per sampled interval inside the window, oldest first, then the interval in progress
   * up to now (from the live counters given), so a fresh node shows its traffic before the first tick.
   */
  public synchronized List<Point> points(long hits, long misses) {
    Instant now = clock.instant();
    Instant cutoff = now.minus(window);
    List<Point> points = new ArrayList<>(samples.size());
    Sample previous = null;
    for (Sample sample : samples) {
      if (previous != null && !sample.at().isBefore(cutoff)) {
        points.add(previous.to(sample));
      }
      previous = sample;
    }
    if (previous != null) {
      points.add(previous.to(new Sample(now, hits, misses)));
    }
    return List.copyOf(points);
  }

  /** The ratio over all the points together; empty when none of them saw a lookup. */
  public static OptionalDouble overall(List<Point> points) {
    long hits = points.stream().mapToLong(Point::hits).sum();
    long misses = points.stream().mapToLong(Point::misses).sum();
    return ratio(hits, misses);
  }

  static OptionalDouble ratio(long hits, long misses) {
    return hits + misses == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) hits / (hits + misses));
  }

  public Duration interval() {
    return interval;
  }

  public Duration window() {
    return window;
  }

  /** Hits and misses counted during the interval that ended at {@code end}. */
  public record Point(Instant end, long hits, long misses) {
    /** Empty when the interval saw no lookup: a gap in the chart, not a zero. */
    public OptionalDouble ratio() {
      return HitRatioHistory.ratio(hits, misses);
    }
  }

  private record Sample(Instant at, long hits, long misses) {
    /** Counters only grow; a smaller later value (a registry swapped under us) counts as no traffic. */
    Point to(Sample later) {
      return new Point(later.at(), Math.max(0, later.hits() - hits), Math.max(0, later.misses() - misses));
    }
  }
}
