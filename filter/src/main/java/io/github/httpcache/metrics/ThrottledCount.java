package io.github.httpcache.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A count that costs round trips (the namespace's entries, from its key indexes), taken again
 * only once the last one is older than {@code maxAge}, or when this node has changed what it
 * counts ({@code changes} moved: an entry stored or invalidated here), and then at most once per
 * {@code minInterval}: a polling dashboard does not ask Redis on every refresh, and a client
 * that reads right after its own write sees it counted. A failed count (empty) is not kept.
 */
public final class ThrottledCount {
  private final Supplier<OptionalLong> source;
  private final Duration maxAge;
  private final Duration minInterval;
  private final LongSupplier changes;
  private final Clock clock;
  private OptionalLong last = OptionalLong.empty();
  private Instant takenAt = Instant.MIN;
  private long changesCounted;

  public ThrottledCount(Supplier<OptionalLong> source, Duration maxAge, Clock clock) {
    this(source, maxAge, Duration.ZERO, () -> 0, clock);
  }

  public ThrottledCount(Supplier<OptionalLong> source, Duration maxAge, Duration minInterval, LongSupplier changes,
      Clock clock) {
    this.source = source;
    this.maxAge = maxAge;
    this.minInterval = minInterval;
    this.changes = changes;
    this.clock = clock;
  }

  /** The last count if it is fresh enough, else a new one; concurrent readers wait for one walk. */
  public synchronized OptionalLong get() {
    long changed = changes.getAsLong();
    Instant now = clock.instant();
    boolean expired = last.isEmpty() || !now.isBefore(takenAt.plus(maxAge));
    if (!expired && changed == changesCounted) {
      return last;
    }
    if (!expired) {
      // Changed here since the last walk: walk again, but not more often than minInterval.
      waitUntil(takenAt.plus(minInterval), now);
    }
    last = source.get();
    takenAt = clock.instant();
    changesCounted = changed;
    return last;
  }

  private static void waitUntil(Instant due, Instant now) {
    long millis = Duration.between(now, due).toMillis();
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
