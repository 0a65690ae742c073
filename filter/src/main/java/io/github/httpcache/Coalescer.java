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
 * the wait, so no key stays blocked. When the store cannot say what a request would have found,
 * a request follows only a flight opened after it arrived ({@link #joinNext}), so what it gets
 * was read from the origin after it came, whatever was written before.
 */
final class Coalescer {
  private final ConcurrentHashMap<String, Flight> inFlight = new ConcurrentHashMap<>();
  private final Duration maxWait;
  private final Clock clock;

  /** The generation of a flight whose leader could not look up: no lookup's generation equals it. */
  static final long UNKNOWN_GENERATION = Long.MIN_VALUE + 1;

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
    /** When it opened, on {@link System#nanoTime()}. */
    private final long openedAt;
    private final CompletableFuture<Optional<CachedResponse>> landed;

    private Flight(String key, long generation, boolean leader, long startedAt, long openedAt,
        CompletableFuture<Optional<CachedResponse>> landed) {
      this.key = key;
      this.generation = generation;
      this.leader = leader;
      this.startedAt = startedAt;
      this.openedAt = openedAt;
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
    Flight mine = new Flight(key, generation, true, now, System.nanoTime(), new CompletableFuture<>());
    Flight current = leadOrFind(mine);
    if (current == mine) {
      return mine;
    }
    return current.generation == generation
        ? new Flight(key, generation, false, now, current.openedAt, current.landed)
        : solo(key, now);
  }

  /**
   * A request's arrival, for {@link #joinNext}: the monotonic clock, read without a shared counter
   * (every routed request takes one), against which flights record when they opened.
   */
  static long arrival() {
    return System.nanoTime();
  }

  /**
   * Joins a flight of {@code key} opened after {@code arrival}, or leads one: a flight already
   * under way when the request arrived is waited out (bounded), never followed, since its leader
   * may have read the origin before a write this request must see. No generation is compared:
   * this is for requests whose lookup could not be made.
   */
  Flight joinNext(String key, long arrival) {
    long deadline = clock.millis() + maxWait.toMillis();
    while (true) {
      long now = clock.millis();
      Flight mine = new Flight(key, UNKNOWN_GENERATION, true, now, System.nanoTime(), new CompletableFuture<>());
      Flight current = leadOrFind(mine);
      if (current == mine) {
        return mine;
      }
      // Strictly after: a flight opened in the same nanosecond is not trusted to have begun after it.
      if (current.openedAt - arrival > 0) {
        return new Flight(key, UNKNOWN_GENERATION, false, now, current.openedAt, current.landed);
      }
      if (now >= deadline || !awaitLanding(current, deadline - now)) {
        return solo(key, now);
      }
    }
  }

  /** This request's own flight if none is under way (or the one there was abandoned), else that one. */
  private Flight leadOrFind(Flight mine) {
    return inFlight.compute(mine.key, (k, existing) ->
        existing == null || mine.startedAt - existing.startedAt > 2 * maxWait.toMillis() ? mine : existing);
  }

  /** Neither waits nor leads: goes to the origin on its own. */
  private Flight solo(String key, long now) {
    return new Flight(key, UNKNOWN_GENERATION, false, now, 0, CompletableFuture.completedFuture(Optional.empty()));
  }

  private static boolean awaitLanding(Flight flight, long millis) {
    try {
      flight.landed.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** How many keys are being filled right now (for tests and metrics). */
  int inFlight() {
    return inFlight.size();
  }
}
