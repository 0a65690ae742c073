package io.github.httpcache.policy;

import io.github.httpcache.policy.CacheStatusHeaders.Forward;
import io.github.httpcache.store.CachedResponse;
import io.github.httpcache.store.VariantIndex;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What to do with a routed GET or HEAD: the output of {@link ReadPolicy}, carried out by the read executor. */
public sealed interface ReadDecision {
  /** Answer from the origin, neither reading nor writing the cache. */
  record Bypass(String reason) implements ReadDecision {}

  /**
   * Answer with {@code entry}, or the part of it a {@code Range} request selects; {@code near} when
   * it came from the in-process near cache.
   */
  record Serve(CachedResponse entry, boolean near, ByteRanges.Selection part) implements ReadDecision {}

  /** RFC 5861 stale-while-revalidate: answer with the stale entry at once, then refresh it once. */
  record ServeStale(CachedResponse entry, FillShape shape) implements ReadDecision {}

  /** RFC 9111 §4.3.1: ask the origin with the stale entry's validators; a 304 freshens it. */
  record Revalidate(CachedResponse entry, Map<String, String> validators, Optional<CachedResponse> staleIfError,
      FillShape shape) implements ReadDecision {}

  /** RFC 9111 §4.3.5: forward a HEAD for a stale entry; a 200 whose validators match updates its stored headers. */
  record UpdateFromHead(CachedResponse entry, FillShape shape) implements ReadDecision {}

  /**
   * The store could not be asked: answer from the origin, nothing stored, one origin call per
   * entry at a time shared by the requests that arrived before it began (never one already under
   * way: it may have read the origin before a write such a request must see).
   */
  record Collapse(String reason, FillShape shape) implements ReadDecision {}

  /** Answer from the origin and store what it says, if storable; the stale entry stands in if the origin fails. */
  record Fill(Forward forward, Optional<CachedResponse> staleIfError, FillShape shape) implements ReadDecision {}

  /** Answered by the origin, never stored: a HEAD miss (it has no body), or a {@code Range} request no fresh entry answers. */
  record ForwardOnly(Forward forward) implements ReadDecision {}

  /**
   * Where a fill will be saved and who may share it.
   *
   * @param generation what the save must still find (the fence)
   * @param index the variant index the lookup went through, if any
   * @param promoted our own dimensions ({@code :origin}, {@code :cookies}) that must select variants when it is stored
   * @param coalesce whether concurrent misses on this node may wait for this fill instead of calling the origin
   * @param conditional whether a fill forwards the client's own {@code If-None-Match}/{@code If-Modified-Since} as
   *     sent (the origin's 304 is passed on, not stored), rather than hiding them to get a full response
   */
  record FillShape(long generation, Optional<VariantIndex> index, List<String> promoted, boolean coalesce,
      boolean conditional) {
    public FillShape {
      promoted = List.copyOf(promoted);
    }
  }
}
