package io.github.httpcache.invalidate;

import io.github.httpcache.store.InvalidationPlan;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Invalidations that could not reach Redis, kept in order until they can be replayed. Bounded:
 * past its capacity it stops keeping them and remembers that it overflowed, so recovery purges the
 * whole namespace instead of risking a stale entry.
 */
final class InvalidationJournal {
  private final int capacity;
  private final Deque<InvalidationPlan> pending = new ArrayDeque<>();
  private boolean overflowed;
  /** Read on every cached request, so kept outside the lock: true while anything waits. */
  private volatile boolean holdsAnything;

  InvalidationJournal(int capacity) {
    this.capacity = capacity;
  }

  synchronized void add(InvalidationPlan plan) {
    if (overflowed || pending.size() >= capacity) {
      overflowed = true;
      pending.clear();
    } else {
      pending.addLast(plan);
    }
    holdsAnything = true;
  }

  boolean isEmpty() {
    return !holdsAnything;
  }

  synchronized int size() {
    return overflowed ? capacity + 1 : pending.size();
  }

  /** The next plan to replay: everything, once the journal has overflowed. */
  synchronized Optional<InvalidationPlan> next() {
    if (overflowed) {
      return Optional.of(InvalidationPlan.everything());
    }
    return Optional.ofNullable(pending.peekFirst());
  }

  /** Drops the plan {@link #next()} returned, now that Redis has carried it out. */
  synchronized void done(InvalidationPlan plan) {
    if (plan.scope() == InvalidationPlan.Scope.EVERYTHING && overflowed) {
      overflowed = false;
      pending.clear();
    } else if (pending.peekFirst() == plan) {
      pending.removeFirst();
    }
    holdsAnything = overflowed || !pending.isEmpty();
  }
}
