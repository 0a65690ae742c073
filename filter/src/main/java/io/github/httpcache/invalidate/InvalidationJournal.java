package io.github.httpcache.invalidate;

import io.github.httpcache.key.Globs;
import io.github.httpcache.store.InvalidationPlan;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Invalidations that could not reach Redis, kept in order until they can be replayed. Bounded:
 * past its capacity it stops keeping them and remembers that it overflowed, so recovery purges the
 * whole namespace instead of risking a stale entry. It also answers which keys a pending
 * invalidation may remove, so only their reads bypass the cache meanwhile.
 */
final class InvalidationJournal {
  private final int capacity;
  private final Deque<InvalidationPlan> pending = new ArrayDeque<>();
  /** Pending plans per key they name, per pattern (compiled once), and those that name no key (tags, purges). */
  private final Map<String, Integer> keys = new HashMap<>();
  private final Map<String, Counted> patterns = new HashMap<>();
  private int unscoped;
  private boolean overflowed;
  /** Read on every cached request, so kept outside the lock: true while anything waits. */
  private volatile boolean holdsAnything;

  private static final class Counted {
    final Pattern regex;
    int plans;

    Counted(String glob) {
      this.regex = Globs.toRegex(glob);
    }
  }

  InvalidationJournal(int capacity) {
    this.capacity = capacity;
  }

  synchronized void add(InvalidationPlan plan) {
    if (overflowed || pending.size() >= capacity) {
      overflowed = true;
      pending.clear();
      keys.clear();
      patterns.clear();
      unscoped = 0;
    } else {
      pending.addLast(plan);
      count(plan, 1);
    }
    holdsAnything = true;
  }

  private void count(InvalidationPlan plan, int delta) {
    if (plan.scope() == InvalidationPlan.Scope.EVERYTHING || !plan.tags().isEmpty()) {
      unscoped += delta;
    }
    plan.keys().forEach(key -> keys.merge(key, delta, (a, b) -> a + b == 0 ? null : a + b));
    for (String glob : plan.patterns()) {
      Counted counted = patterns.computeIfAbsent(glob, Counted::new);
      counted.plans += delta;
      if (counted.plans == 0) {
        patterns.remove(glob);
      }
    }
  }

  boolean isEmpty() {
    return !holdsAnything;
  }

  /** Whether {@code plan} still waits for Redis (after an overflow, every plan does until the purge). */
  synchronized boolean holds(InvalidationPlan plan) {
    return overflowed || pending.stream().anyMatch(waiting -> waiting == plan);
  }

  synchronized int size() {
    return overflowed ? capacity + 1 : pending.size();
  }

  /**
   * Whether a pending invalidation may remove {@code logicalKey}: one names it or a pattern that
   * matches it, or one cannot say which keys it covers (tags, a purge, an overflow).
   */
  boolean covers(String logicalKey) {
    if (!holdsAnything) {
      return false;
    }
    synchronized (this) {
      if (overflowed || unscoped > 0 || keys.containsKey(logicalKey)) {
        return true;
      }
      for (Counted counted : patterns.values()) {
        if (counted.regex.matcher(logicalKey).matches()) {
          return true;
        }
      }
      return false;
    }
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
      keys.clear();
      patterns.clear();
      unscoped = 0;
    } else if (pending.peekFirst() == plan) {
      pending.removeFirst();
      count(plan, -1);
    }
    holdsAnything = overflowed || !pending.isEmpty();
  }
}
