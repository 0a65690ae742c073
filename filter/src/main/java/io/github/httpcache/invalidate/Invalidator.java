package io.github.httpcache.invalidate;

import io.github.httpcache.metrics.CacheMetrics;
import io.github.httpcache.store.GuardedStore;
import io.github.httpcache.store.InvalidationBus;
import io.github.httpcache.store.InvalidationPlan;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out invalidations against the store, before the write's response is committed. One that
 * cannot reach Redis goes to a bounded journal and is replayed, in order, once Redis answers; while
 * an invalidation is pending, reads of what it names bypass the cache, so no entry a write
 * invalidated is served, while the rest of the cache keeps serving. A write whose invalidation was
 * journaled waits, replaying, until it is durable, for at most {@code redis.invalidation-wait}:
 * other nodes cannot see this node's journal, and a failover or restart can bring the old entry
 * back before a replay would remove it.
 */
public final class Invalidator {
  private static final Logger log = LoggerFactory.getLogger(Invalidator.class);
  /** How often a waiting write retries: about as often as the background replay. */
  private static final Duration RETRY_EVERY = Duration.ofMillis(25);

  private final GuardedStore store;
  private final CacheMetrics metrics;
  private final InvalidationJournal journal;
  private final Optional<InvalidationBus> bus;
  private final Duration durableWait;
  /** Entries removed by the replay of a plan whose write is waiting for it (-1 until replayed). */
  private final Map<InvalidationPlan, Long> awaited = Collections.synchronizedMap(new IdentityHashMap<>());

  public Invalidator(GuardedStore store, CacheMetrics metrics, int journalCapacity,
      Optional<InvalidationBus> bus, Duration durableWait) {
    this.store = store;
    this.durableWait = durableWait;
    this.bus = bus;
    this.metrics = metrics;
    this.journal = new InvalidationJournal(journalCapacity);
    metrics.registerJournalSize(journal::size);
  }

  /** Removes what {@code plan} names; how many entries went, or empty when it was journaled instead. */
  public OptionalLong invalidate(InvalidationPlan plan) {
    if (plan.isEmpty()) {
      return OptionalLong.of(0);
    }
    // This node's near cache forgets at once, whatever Redis does; the others hear it once Redis has it.
    bus.ifPresent(b -> b.nearCache().apply(plan));
    if (journal.isEmpty()) {
      OptionalLong removed = store.invalidate(plan);
      if (removed.isPresent()) {
        metrics.invalidated(removed.getAsLong());
        bus.ifPresent(b -> b.publish(plan));
        log.debug("Invalidated {}: {} entries", plan, removed.getAsLong());
        return removed;
      }
      log.warn("Redis did not take the invalidation of {}; journaled, reads of what it names bypass the cache until it is replayed", plan);
    }
    // Behind others already waiting, it keeps its place: it must not overtake them.
    awaited.put(plan, -1L);
    try {
      journal.add(plan);
      return settle(plan);
    } finally {
      awaited.remove(plan);
    }
  }

  /** Replays until {@code plan} is durable, for at most {@code durableWait}; empty if it still waits. */
  private OptionalLong settle(InvalidationPlan plan) {
    long deadline = System.nanoTime() + durableWait.toNanos();
    while (true) {
      replayPending();
      if (!journal.holds(plan)) {
        long removed = awaited.getOrDefault(plan, 0L);
        return OptionalLong.of(Math.max(removed, 0));
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || !pause(Math.min(left, RETRY_EVERY.toNanos()))) {
        return OptionalLong.empty();
      }
    }
  }

  private static boolean pause(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether invalidations are waiting for Redis. */
  public boolean hasPending() {
    return !journal.isEmpty();
  }

  /** Whether one of the invalidations waiting for Redis may remove {@code logicalKey}: its reads must bypass. */
  public boolean pendingFor(String logicalKey) {
    return journal.covers(logicalKey);
  }

  /** Replays journaled invalidations in order, stopping at the first Redis does not take. */
  public synchronized void replayPending() {
    Optional<InvalidationPlan> next;
    while ((next = journal.next()).isPresent()) {
      InvalidationPlan plan = next.get();
      OptionalLong removed = store.replay(plan);
      if (removed.isEmpty()) {
        return;
      }
      metrics.invalidated(removed.getAsLong());
      bus.ifPresent(b -> b.publish(plan));
      awaited.computeIfPresent(plan, (waiting, none) -> removed.getAsLong());
      journal.done(plan);
      log.info("Replayed the journaled invalidation of {}: {} entries", plan, removed.getAsLong());
    }
  }
}
