package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.github.httpcache.metrics.CacheMetrics;
import io.github.httpcache.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The entry count is a dashboard figure: its failures never open the breaker, and an open breaker skips it. */
class GuardedStoreCountTest {
  private static final int THRESHOLD = 3;

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final CircuitBreaker breaker = new CircuitBreaker(THRESHOLD, Duration.ofSeconds(5), Duration.ofSeconds(5), clock);
  private final FailingStore failing = new FailingStore();
  private final GuardedStore store =
      new GuardedStore(failing, breaker, new CacheMetrics(new MetricRegistry(), 5, List.of()), clock, java.time.Duration.ZERO);

  @Test
  void failedCountsDoNotOpenTheBreaker() {
    for (int i = 0; i < THRESHOLD * 10; i++) {
      assertEquals(OptionalLong.empty(), store.countEntries());
    }

    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    assertEquals(THRESHOLD * 10, failing.counts.get());
  }

  @Test
  void anOpenBreakerSkipsTheCountWithoutTakingTheProbe() {
    for (int i = 0; i < THRESHOLD; i++) {
      store.find("GET:/a");
    }
    assertEquals(CircuitBreaker.State.OPEN, breaker.state());

    assertEquals(OptionalLong.empty(), store.countEntries());
    clock.advance(Duration.ofSeconds(5));
    assertEquals(OptionalLong.empty(), store.countEntries());

    assertEquals(0, failing.counts.get());
    assertTrue(breaker.allowsCall(), "the half-open probe is still there for a request");
  }

  /** Redis that answers nothing: every call throws, as a timeout does. */
  private static final class FailingStore implements ResponseStore {
    final AtomicInteger counts = new AtomicInteger();

    @Override
    public Optional<Versioned> find(String logicalKey) {
      throw new IllegalStateException("timed out");
    }

    @Override
    public boolean beginFill(String logicalKey, Optional<Duration> lease) {
      throw new IllegalStateException("timed out");
    }

    @Override
    public void endFill(String logicalKey, boolean leased) {
      throw new IllegalStateException("timed out");
    }

    @Override
    public FillRecord.Outcome save(FillRecord fill) {
      throw new IllegalStateException("timed out");
    }

    @Override
    public long invalidate(InvalidationPlan plan) {
      throw new IllegalStateException("timed out");
    }

    @Override
    public long countEntries() {
      counts.incrementAndGet();
      throw new IllegalStateException("timed out");
    }
  }
}
