package io.github.httpcache.store;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * One fill to save: the entry, where it goes, the generation its lookup saw, its TTL and tags,
 * and the route's key budget if it has one.
 *
 * @param route the name of the route that cached it, whose key index the entry joins
 * @param primaryKey the logical key the lookup read, whose generation fences the save
 * @param index for a varied response, the variant index to write under the primary key
 * @param entryKey where the entry goes: the primary key, or the variant key under {@code index}
 * @param budget the route's name and its budget of distinct keys, when it has one
 * @param leased whether the fill holds the key's lease across nodes, which the save gives up
 */
public record FillRecord(String route, String primaryKey, long observedGeneration, Optional<VariantIndex> index, String entryKey,
    CachedResponse entry, Duration ttl, Set<String> tags, Optional<KeyBudget> budget, boolean leased) {
  public FillRecord {
    tags = Set.copyOf(tags);
  }

  /** A route's budget of distinct keys per TTL window. */
  public record KeyBudget(String routeName, long maxKeys) {}

  /** How a save ended. */
  public enum Outcome {
    STORED,
    /** An invalidation came between the fill's lookup and its save. */
    FENCED_OUT,
    OVER_BUDGET
  }
}
