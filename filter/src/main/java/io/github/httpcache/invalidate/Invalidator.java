package io.github.httpcache.invalidate;

import io.github.httpcache.metrics.CacheMetrics;
import io.github.httpcache.store.GuardedStore;
import io.github.httpcache.store.InvalidationBus;
import io.github.httpcache.store.InvalidationPlan;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out invalidations against the store, before the write's response is committed. One that
 * cannot reach Redis goes to a bounded journal and is replayed, in order, once Redis answers; while
 * an invalidation is pending, reads of what it names bypass the cache, so no entry a write
 * invalidated is served, while the rest of the cache keeps serving.
 */
public final class Invalidator {
  private static final Logger log = LoggerFactory.getLogger(Invalidator.class);

  private final GuardedStore store;
  private final CacheMetrics metrics;
  private final InvalidationJournal journal;
  private final Optional<InvalidationBus> bus;

  public Invalidator(GuardedStore store, CacheMetrics metrics, int journalCapacity,
      Optional<InvalidationBus> bus) {
    this.store = store;
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
    if (!journal.isEmpty()) {
      // Keep the order: this one must not overtake those still waiting.
      journal.add(plan);
      replayPending();
      return OptionalLong.empty();
    }
    OptionalLong removed = store.invalidate(plan);
    if (removed.isPresent()) {
      metrics.invalidated(removed.getAsLong());
      bus.ifPresent(b -> b.publish(plan));
      log.debug("Invalidated {}: {} entries", plan, removed.getAsLong());
    } else {
      journal.add(plan);
      log.warn("Redis did not take the invalidation of {}; journaled, reads of what it names bypass the cache until it is replayed", plan);
    }
    return removed;
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
      journal.done(plan);
      log.info("Replayed the journaled invalidation of {}: {} entries", plan, removed.getAsLong());
    }
  }
}
