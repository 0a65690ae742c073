package io.github.httpcache.store;

import io.github.httpcache.metrics.CacheMetrics;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store as the filter sees it: Redis trouble becomes a miss (or a skipped write), is counted,
 * logged at most every {@value #LOG_INTERVAL_MILLIS} ms, and trips a circuit breaker so an outage
 * stops costing the timeout on every request.
 */
public final class GuardedStore {
  private static final Logger log = LoggerFactory.getLogger(GuardedStore.class);
  private static final long LOG_INTERVAL_MILLIS = 10_000;

  private final ResponseStore store;
  private final CircuitBreaker breaker;
  private final CacheMetrics metrics;
  private final Clock clock;
  private final long pauseWaitNanos;
  private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE / 2);
  private final AtomicLong suppressedWarnings = new AtomicLong();

  /** {@code pauseWait}: how long a lookup may wait for a Redis that has just stopped answering (zero: not at all). */
  public GuardedStore(ResponseStore store, CircuitBreaker breaker, CacheMetrics metrics, Clock clock,
      java.time.Duration pauseWait) {
    this.store = store;
    this.breaker = breaker;
    this.metrics = metrics;
    this.clock = clock;
    this.pauseWaitNanos = pauseWait.toNanos();
    metrics.registerBreakerState(() -> breaker.state().ordinal());
  }

  /**
   * A lookup; one that fails while Redis is not declared down (the breaker closed, or in its first
   * window) is asked again, within {@code redis.pause-wait} of the first, waiting out the window, so
   * a pause of a few hundred milliseconds delays requests instead of sending them to the origin.
   */
  public StoreLookup find(String logicalKey) {
    long deadline = System.nanoTime() + pauseWaitNanos;
    boolean waited = false;
    while (true) {
      Called<StoreLookup> found = call("find", logicalKey, () -> StoreLookup.of(store.find(logicalKey)));
      // An error reply (a corrupt entry, WRONGTYPE) would only be given again: only silence is waited out.
      if (found.value().isPresent() || !found.redisSilent() || pauseWaitNanos == 0 || !breaker.mayRecoverSoon()
          || !breaker.awaitRecovery(deadline)) {
        return found.value().orElse(StoreLookup.UNAVAILABLE);
      }
      if (!waited) {
        waited = true;
        metrics.pauseWaited();
      }
    }
  }

  /** How a fill's registration went. */
  public enum FillStart {
    /** Registered, and holding the lease if one was asked for. */
    REGISTERED,
    /** Registered, but another node holds the lease: it is filling this key right now. */
    LEASED_ELSEWHERE,
    /** Not registered: the fill must not be saved, an invalidation could miss it. */
    UNAVAILABLE
  }

  public FillStart beginFill(String logicalKey, Optional<java.time.Duration> lease) {
    return guarded("save", logicalKey, () -> store.beginFill(logicalKey, lease))
        .map(leased -> leased ? FillStart.REGISTERED : FillStart.LEASED_ELSEWHERE)
        .orElse(FillStart.UNAVAILABLE);
  }

  public void endFill(String logicalKey, boolean leased) {
    guarded("save", logicalKey, () -> {
      store.endFill(logicalKey, leased);
      return Boolean.TRUE;
    });
  }

  /** How the save ended, or empty when Redis did not answer. */
  public Optional<FillRecord.Outcome> save(FillRecord fill) {
    return guarded("save", fill.entryKey(), () -> store.save(fill));
  }

  /**
   * How many entries were removed, or empty when Redis could not be reached. Tried whatever the
   * breaker says (as {@link #replay}): a write's invalidation is worth its timeout, and when Redis
   * is back it lands at once instead of waiting in the journal while other nodes serve what it names.
   */
  public OptionalLong invalidate(InvalidationPlan plan) {
    return replay(plan);
  }

  /**
   * Replays a journaled invalidation whatever the breaker says: the replay is itself the probe. A
   * node that waited out the breaker's open window would leave other nodes serving what the write
   * changed for that long after Redis came back; a success closes the breaker at once.
   */
  public OptionalLong replay(InvalidationPlan plan) {
    try {
      long removed = store.invalidate(plan);
      breaker.recordSuccess();
      return OptionalLong.of(removed);
    } catch (RuntimeException e) {
      recordFailure(e);
      metrics.storeError("delete");
      warn("delete", plan.toString(), e);
      return OptionalLong.empty();
    }
  }

  /**
   * Whether it was Redis's silence (a timeout, a lost connection). An error reply means Redis is up
   * (full, say) and closes the breaker; anything else is no reason to ask again either.
   */
  private boolean recordFailure(RuntimeException e) {
    if (e instanceof StoreUnavailableException unavailable && unavailable.redisAnswered()) {
      breaker.recordSuccess();
      return false;
    }
    breaker.recordFailure();
    return e instanceof StoreUnavailableException;
  }

  /**
   * The namespace's entry count, or empty. A figure for dashboards, off the request path: it never
   * moves the breaker (a slow count must not open it, nor a lucky one close it), and it is skipped
   * unless the breaker is closed, so it neither pays an outage's timeout nor takes the half-open probe.
   */
  public OptionalLong countEntries() {
    if (breaker.state() != CircuitBreaker.State.CLOSED) {
      metrics.storeRefused("count");
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(store.countEntries());
    } catch (RuntimeException e) {
      metrics.storeError("count");
      warn("count", "*", e);
      return OptionalLong.empty();
    }
  }

  public CircuitBreaker.State breakerState() {
    return breaker.state();
  }

  private <T> Optional<T> guarded(String operation, String key, Supplier<T> call) {
    return call(operation, key, call).value();
  }

  /** A call's value, or none and whether that was Redis's silence (a timeout, the open breaker) rather than its answer. */
  private record Called<T>(Optional<T> value, boolean redisSilent) {}

  private <T> Called<T> call(String operation, String key, Supplier<T> call) {
    if (!breaker.allowsCall()) {
      metrics.storeRefused(operation);
      return new Called<>(Optional.empty(), true);
    }
    try {
      T result = call.get();
      breaker.recordSuccess();
      return new Called<>(Optional.of(result), false);
    } catch (RuntimeException e) {
      boolean silent = recordFailure(e);
      metrics.storeError(operation);
      warn(operation, key, e);
      return new Called<>(Optional.empty(), silent);
    }
  }

  /** The failure and, when it differs, its root cause: Redis's own reply (WRONGPASS, NOAUTH...) is often there. */
  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(e.getMessage());
    return root == e || message.contains(String.valueOf(root.getMessage())) ? message
        : message + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }

  private void warn(String operation, String key, RuntimeException e) {
    long now = clock.millis();
    long last = lastWarning.get();
    if (now - last >= LOG_INTERVAL_MILLIS && lastWarning.compareAndSet(last, now)) {
      long suppressed = suppressedWarnings.getAndSet(0);
      log.warn("Redis {} of {} failed, answering from the origin ({} similar warnings suppressed): {}",
          operation, key, suppressed, describe(e));
    } else {
      suppressedWarnings.incrementAndGet();
    }
  }
}
