package io.github.httpcache.store;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * Where entries live, addressed by logical key. Implementations throw on I/O trouble; {@link
 * GuardedStore} is what turns that into a miss.
 */
public interface ResponseStore {
  /** The entry for {@code logicalKey}, or empty when there is none (or it cannot be decoded). */
  Optional<CachedResponse> find(String logicalKey);

  /** Stores {@code response} under {@code logicalKey}, expiring after {@code ttl}. */
  void save(String logicalKey, CachedResponse response, Duration ttl);

  /** Deletes the entries of {@code logicalKeys}; returns how many existed. */
  long delete(Collection<String> logicalKeys);

  /** How many entries the namespace holds, counted with SCAN (never KEYS). */
  long countEntries();
}
