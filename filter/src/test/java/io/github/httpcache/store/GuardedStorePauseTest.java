package io.github.httpcache.store;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.github.httpcache.metrics.CacheMetrics;
import io.github.httpcache.metrics.MetricNames;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Which failed lookups are asked again within {@code redis.pause-wait}: Redis's silence while it
 * is not declared down, never an error reply (it would only be given again), never past the wait.
 */
class GuardedStorePauseTest {
  private static final Supplier<RuntimeException> SILENCE =
      () -> new StoreUnavailableException("no answer within redis.timeout", new java.net.SocketTimeoutException());
  private static final Supplier<RuntimeException> ERROR_REPLY =
      () -> new StoreUnavailableException("WRONGTYPE", new redis.clients.jedis.exceptions.JedisDataException("WRONGTYPE"));

  private final MetricRegistry registry = new MetricRegistry();
  private final ScriptedStore redis = new ScriptedStore();

  private GuardedStore guarded(int breakerFailures, Duration pauseWait) {
    CircuitBreaker breaker = new CircuitBreaker(breakerFailures, Duration.ofMillis(50), Duration.ofSeconds(5), Clock.systemUTC());
    return new GuardedStore(redis, breaker, new CacheMetrics(registry, 5, List.of()), Clock.systemUTC(), pauseWait);
  }

  private long pauseWaits() {
    return registry.counter(MetricNames.PAUSE_WAITS).getCount();
  }

  @Test
  void silenceIsAskedAgainAndTheAnswerServed() {
    redis.script(SILENCE, SILENCE, null);

    StoreLookup found = guarded(10, Duration.ofSeconds(30)).find("GET:/a");

    assertAll(
        () -> assertEquals(StoreLookup.Outcome.ABSENT, found.outcome()),
        () -> assertEquals(3, redis.calls.get()),
        () -> assertEquals(1, pauseWaits()));
  }

  @Test
  void silenceThatOpensTheBreakerIsWaitedOutAndAskedAgainAsTheProbe() {
    redis.script(SILENCE, null);

    StoreLookup found = guarded(1, Duration.ofSeconds(30)).find("GET:/a");

    assertAll(
        () -> assertEquals(StoreLookup.Outcome.ABSENT, found.outcome()),
        () -> assertEquals(2, redis.calls.get()));
  }

  @Test
  void aRedisThatStaysSilentThroughTheFirstWindowIsLeftAtOnce() {
    redis.script(SILENCE, SILENCE, SILENCE, null);

    StoreLookup found = guarded(1, Duration.ofSeconds(30)).find("GET:/a");

    assertAll(
        () -> assertEquals(StoreLookup.Outcome.UNAVAILABLE, found.outcome()),
        () -> assertEquals(2, redis.calls.get(), "the failed probe re-opened the breaker for longer: Redis is down"));
  }

  @Test
  void anErrorReplyIsNotAskedAgain() {
    redis.script(ERROR_REPLY, null);

    StoreLookup found = guarded(10, Duration.ofSeconds(30)).find("GET:/a");

    assertAll(
        () -> assertEquals(StoreLookup.Outcome.UNAVAILABLE, found.outcome()),
        () -> assertEquals(1, redis.calls.get()),
        () -> assertEquals(0, pauseWaits()));
  }

  @Test
  void withoutAPauseWaitSilenceIsNotAskedAgain() {
    redis.script(SILENCE, null);

    StoreLookup found = guarded(10, Duration.ZERO).find("GET:/a");

    assertAll(
        () -> assertEquals(StoreLookup.Outcome.UNAVAILABLE, found.outcome()),
        () -> assertEquals(1, redis.calls.get()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theWaitEndsAtItsDeadline() {
    Supplier<RuntimeException>[] silent = new Supplier[200];
    java.util.Arrays.fill(silent, SILENCE);
    redis.script(silent);

    StoreLookup found = guarded(1_000, Duration.ofMillis(100)).find("GET:/a");

    assertAll(
        () -> assertEquals(StoreLookup.Outcome.UNAVAILABLE, found.outcome()),
        () -> assertTrue(redis.calls.get() <= 25, "instant failures are asked again a few ms apart, not in a spin: "
            + redis.calls.get()));
  }

  /** Answers each lookup with the next scripted failure, or (null, or past the script) an answer: nothing there. */
  private static final class ScriptedStore implements ResponseStore {
    final AtomicInteger calls = new AtomicInteger();
    private final Deque<Optional<Supplier<RuntimeException>>> script = new ArrayDeque<>();

    @SafeVarargs
    final void script(Supplier<RuntimeException>... steps) {
      for (Supplier<RuntimeException> step : steps) {
        script.add(Optional.ofNullable(step));
      }
    }

    @Override
    public Optional<Versioned> find(String logicalKey) {
      calls.incrementAndGet();
      Optional<Supplier<RuntimeException>> step = script.isEmpty() ? Optional.empty() : script.poll();
      if (step.isPresent()) {
        // A failure that took no time: the wait, not the lookups, is what these tests bound.
        throw step.get().get();
      }
      return Optional.of(new Versioned(1, Tombstone.INSTANCE));
    }

    @Override
    public boolean beginFill(String logicalKey, Optional<Duration> lease) {
      return true;
    }

    @Override
    public void endFill(String logicalKey, boolean leased) {}

    @Override
    public FillRecord.Outcome save(FillRecord fill) {
      return FillRecord.Outcome.STORED;
    }

    @Override
    public long invalidate(InvalidationPlan plan) {
      return 0;
    }

    @Override
    public long countEntries() {
      return 0;
    }
  }
}
