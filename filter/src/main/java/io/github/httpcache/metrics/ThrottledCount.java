package io.github.httpcache.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * A count that is expensive to take (the namespace's entries, walked with SCAN), taken again only
 * once the last one is older than {@code maxAge}, so a polling dashboard does not scan Redis on
 * every refresh. A failed count (empty) is not kept: the next read tries again.
 */
public final class ThrottledCount {
  private final Supplier<OptionalLong> source;
  private final Duration maxAge;
  private final Clock clock;
  private OptionalLong last = OptionalLong.empty();
  private Instant takenAt = Instant.MIN;

  public ThrottledCount(Supplier<OptionalLong> source, Duration maxAge, Clock clock) {
    this.source = source;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /** The last count if it is fresh enough, else a new one; concurrent readers wait for one walk. */
  public synchronized OptionalLong get() {
    Instant now = clock.instant();
    if (last.isEmpty() || !now.isBefore(takenAt.plus(maxAge))) {
      last = source.get();
      takenAt = now;
    }
    return last;
  }
}
