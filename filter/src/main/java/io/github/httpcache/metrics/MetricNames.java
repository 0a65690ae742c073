package io.github.httpcache.metrics;

import java.util.List;

/**
 * Every metric the cache registers, by Dropwizard name. The Prometheus exporter turns dots and
 * dashes into underscores ({@code httpcache.hits} is scraped as {@code httpcache_hits}).
 */
public final class MetricNames {
  public static final String PREFIX = "httpcache.";

  /** Requests answered from the cache (including 304s from a stored entry). */
  public static final String HITS = PREFIX + "hits";

  /** Hits served the entry a concurrent miss of the same key was storing (included in hits). */
  public static final String COALESCED = PREFIX + "coalesced";

  /**
   * Bypasses (store unavailable) answered with the response of an origin call another request of
   * the same key began after they arrived, instead of an origin call of their own (included in bypasses).
   */
  public static final String COLLAPSED = PREFIX + "collapsed";

  /**
   * Lookups that found Redis paused (the breaker in its first, short window) and waited for it
   * instead of going to the origin, within {@code redis.pause-wait}; each then looked up again.
   */
  public static final String PAUSE_WAITS = PREFIX + "pause-waits";

  /** Hits served from this node's near cache without touching Redis (included in hits). */
  public static final String NEAR_HITS = PREFIX + "near-hits";

  /** Stale entries served: while refreshed (stale-while-revalidate) or instead of an origin error (stale-if-error). */
  public static final String STALE_SERVED = PREFIX + "stale-served";

  /** Routed requests that found no entry and went to the origin. */
  public static final String MISSES = PREFIX + "misses";

  /** Routed requests that skipped the cache; one counter per reason, {@code httpcache.bypasses.<reason>}. */
  public static final String BYPASSES = PREFIX + "bypasses";

  /** Responses written to Redis. */
  public static final String STORES = PREFIX + "stores";

  /** Responses not stored; one counter per reason, {@code httpcache.store-skips.<reason>}. */
  public static final String STORE_SKIPS = PREFIX + "store-skips";

  /** Entries deleted by write rules and the admin endpoint. */
  public static final String INVALIDATIONS = PREFIX + "invalidations";

  /** Redis calls that failed or timed out; one counter per operation, {@code httpcache.store-errors.<op>}. */
  public static final String STORE_ERRORS = PREFIX + "store-errors";

  /** Redis calls not attempted because the circuit breaker was open, per operation. */
  public static final String STORE_REFUSALS = PREFIX + "store-refusals";

  /** Circuit breaker state: 0 closed, 1 half-open, 2 open. */
  public static final String BREAKER_STATE = PREFIX + "breaker-state";

  /** Invalidations waiting in the journal for Redis to answer (over the capacity: it overflowed). */
  public static final String JOURNAL_SIZE = PREFIX + "journal-size";

  /** Bytes the fills in progress buffer right now, out of {@code cache.fill-memory}. */
  public static final String FILL_MEMORY = PREFIX + "fill-memory";

  /** Time spent looking an entry up in Redis. */
  public static final String LOOKUP_TIME = PREFIX + "lookup-time";

  /** Time the origin (the rest of the filter chain) took on misses and bypasses. */
  public static final String ORIGIN_TIME = PREFIX + "origin-time";

  /** Time spent writing an entry to Redis. */
  public static final String SAVE_TIME = PREFIX + "save-time";

  /** Bytes of bodies written to Redis (as stored: compressed when the cache compressed them). */
  public static final String STORED_BYTES = PREFIX + "stored-bytes";

  /** Per-route counters are {@code httpcache.route.<route>.<what>}; Prometheus sees {@code httpcache_route_<what>{route="..."}}. */
  public static final String ROUTE = PREFIX + "route";

  /** What each route counts. */
  public static final List<String> ROUTE_COUNTERS =
      List.of("hits", "misses", "bypasses", "stores", "stored-bytes", "unkeyed-inputs");

  /** {@code httpcache.unkeyed-input.<route>.<input>}: fills a page's read of an unkeyed input refused (or warned about). */
  public static final String UNKEYED_INPUT = PREFIX + "unkeyed-input";

  private MetricNames() {}

  public static String perRoute(String route, String what) {
    return ROUTE + "." + route + "." + what;
  }

  static String tagged(String name, String reason) {
    return name + "." + reason;
  }
}
