package io.github.httpcache.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Where entries live, addressed by logical key. Implementations throw on I/O trouble; {@link
 * GuardedStore} is what turns that into a miss.
 */
public interface ResponseStore {
  /** The value under {@code logicalKey} with its generation, or empty when there is none (or it is unreadable). */
  Optional<Versioned> find(String logicalKey);

  /**
   * Records that a fill of {@code logicalKey} is under way, so pattern, tag and purge invalidations
   * fence it; with a {@code lease}, also takes the key's lease across nodes. False when another
   * node holds the lease (this fill is registered all the same).
   */
  boolean beginFill(String logicalKey, Optional<Duration> lease);

  /** The fill of {@code logicalKey} is over (saved or not): it leaves the registry and, if {@code leased}, gives up its lease. */
  void endFill(String logicalKey, boolean leased);

  /**
   * Saves a fill unless an invalidation came after its lookup, or its route's key budget is spent;
   * either way the fill is over: it leaves the registry and gives up its lease ({@link #endFill}).
   */
  FillRecord.Outcome save(FillRecord fill);

  /** Removes what {@code plan} names and fences fills under way; returns how many entries it removed. */
  long invalidate(InvalidationPlan plan);

  /** How many entries the namespace holds, counted from its key indexes (never a SCAN or KEYS of Redis). */
  long countEntries();
}
