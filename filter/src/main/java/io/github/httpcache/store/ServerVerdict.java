package io.github.httpcache.store;

import java.util.Optional;

/**
 * What the last reading of a server allows ({@link ServerWatch}), as a value: why nothing may use
 * it, why no entry may be served from it, and whether it refused the write probe.
 *
 * @param atNanos when it was read ({@link System#nanoTime()})
 * @param refusal why nothing may use it (an eviction policy that may evict the fence's records), or null
 * @param servingRefusal why no entry may be served from it (writes refused, or accepted again only
 *     since this reading), or null
 * @param writesRefused whether the write probe was refused (or waited past the timeout)
 */
record ServerVerdict(long atNanos, String refusal, String servingRefusal, boolean writesRefused) {
  /** Before the first reading: nothing against the server. */
  static ServerVerdict unread(long atNanos) {
    return new ServerVerdict(atNanos, null, null, false);
  }

  /**
   * The verdict of a reading that found {@code unsafePolicy} (an {@code allkeys-*} policy) and
   * {@code writeRefusal}, after {@code last}. Entries stay unserved for one reading more after
   * writes are accepted again, by which time invalidations journaled meanwhile are replayed.
   */
  static ServerVerdict after(ServerVerdict last, long atNanos, Optional<String> unsafePolicy,
      Optional<String> writeRefusal) {
    String refusal = unsafePolicy.map(policy -> "has maxmemory-policy " + policy + ", which may evict the cache's"
        + " fence records: bypassed until it is volatile-* or noeviction").orElse(null);
    String servingRefusal = writeRefusal.map(error -> "refuses writes (" + error + "): no entry is served from it, as"
        + " an invalidation it refuses could not reach them").orElse(last.writesRefused()
        ? "accepts writes again: entries are served once invalidations journaled meanwhile are replayed" : null);
    return new ServerVerdict(atNanos, refusal, servingRefusal, writeRefusal.isPresent());
  }

  /** The same verdict, dated {@code atNanos}: what other callers keep while one reads the server again. */
  ServerVerdict claimedAt(long atNanos) {
    return new ServerVerdict(atNanos, refusal, servingRefusal, writesRefused);
  }

  /** Why an exchange may not use the server ({@code serving}: a lookup, whose entries would be served). */
  Optional<String> refusalFor(boolean serving) {
    return Optional.ofNullable(refusal != null || !serving ? refusal : servingRefusal);
  }
}
