package io.github.httpcache.policy;

import io.github.httpcache.store.CachedResponse;
import io.github.httpcache.store.VariantIndex;
import java.util.Optional;

/** What a lookup found for a request's key: the input of {@link ReadPolicy#decide}. */
public sealed interface Found {
  /** Redis did not answer (or the circuit breaker is open). */
  record Unavailable() implements Found {}

  /**
   * Nothing to serve: no entry, a tombstone, or no variant for this request.
   *
   * @param generation what a fill's save must still find, to be stored
   * @param index the key's variant index, when its entries vary
   */
  record Nothing(long generation, Optional<VariantIndex> index) implements Found {}

  /** An entry, from Redis (under the primary key or the variant {@code index} selected) or from the near cache. */
  record Entry(CachedResponse entry, long generation, Optional<VariantIndex> index, boolean near) implements Found {}

  static Found nothing() {
    return new Nothing(0, Optional.empty());
  }
}
