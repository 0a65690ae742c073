package io.github.httpcache.store;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * Where entries live, addressed by logical key. Implementations throw on I/O trouble; {@link
 * GuardedStore} is what turns that into a miss.
 */
public interface ResponseStore {
  /** The value under {@code logicalKey}, or empty when there is none (or it cannot be decoded). */
  Optional<StoredValue> find(String logicalKey);

  /** Stores {@code value} under {@code logicalKey}, expiring after {@code ttl}. */
  void save(String logicalKey, StoredValue value, Duration ttl);

  /** Deletes the entries of {@code logicalKeys}; returns how many existed. */
  long delete(Collection<String> logicalKeys);

  /** How many entries the namespace holds, counted with SCAN (never KEYS). */
  long countEntries();

  /**
   * Counts {@code logicalKey} against the {@code budget} of distinct keys {@code budgetName} may
   * store per {@code window}; false when it is a new key past the budget.
   */
  boolean admitKey(String budgetName, String logicalKey, long budget, Duration window);
}
