package io.github.httpcache;

import io.github.httpcache.store.CachedResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One origin call per key per node: the first miss of a key leads its fill; concurrent misses of
 * the same key wait (bounded) for the leader's entry and are served it, instead of stampeding the
 * origin. A leader that never lands (its async servlet never completed) is replaced after twice
 * the wait, so no key stays blocked.
 */
final class Coalescer {
  private final ConcurrentHashMap<String, Flight> inFlight = new ConcurrentHashMap<>();
  private final Duration maxWait;
  private final Clock clock;

  Coalescer(Duration maxWait, Clock clock) {
    this.maxWait = maxWait;
    this.clock = clock;
  }

  /** A fill of one key under way, led by one request and awaited by the others. */
  final class Flight {
    private final String key;
    private final long generation;
    private final boolean leader;
    private final long startedAt;
    private final CompletableFuture<Optional<CachedResponse>> landed;

    private Flight(String key, long generation, boolean leader, long startedAt,
        CompletableFuture<Optional<CachedResponse>> landed) {
      this.key = key;
      this.generation = generation;
      this.leader = leader;
      this.startedAt = startedAt;
      this.landed = landed;
    }

    boolean leads() {
      return leader;
    }

    /** The leader's stored entry, or empty if it stored nothing shareable or did not land in time. */
    Optional<CachedResponse> await() {
      try {
        return landed.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }

    /** Ends the leader's flight with what it stored (empty: followers go to the origin themselves). */
    void land(Optional<CachedResponse> entry) {
      if (leader && landed.complete(entry)) {
        inFlight.remove(key, this);
      }
    }
  }

  /**
   * Joins the flight of {@code key}, leading it when none is under way (or the one under way is
   * abandoned). {@code generation} is what this request's lookup saw: it only follows a flight
   * whose leader saw the same one, since a leader that looked before an invalidation this request
   * saw may be bringing the older row. Otherwise it flies solo: it neither waits nor leads.
   */
  Flight join(String key, long generation) {
    long now = clock.millis();
    Flight mine = new Flight(key, generation, true, now, new CompletableFuture<>());
    Flight current = inFlight.compute(key, (k, existing) ->
        existing == null || now - existing.startedAt > 2 * maxWait.toMillis() ? mine : existing);
    if (current == mine) {
      return mine;
    }
    return current.generation == generation
        ? new Flight(key, generation, false, now, current.landed)
        : new Flight(key, generation, false, now, CompletableFuture.completedFuture(Optional.empty()));
  }

  /** How many keys are being filled right now (for tests and metrics). */
  int inFlight() {
    return inFlight.size();
  }
}
