package io.github.httpcache.policy;

import io.github.httpcache.config.CookieRule;
import io.github.httpcache.config.Route;
import io.github.httpcache.store.CachedResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a route's freshness comes from, and everything that follows from it: the route's TTL
 * ({@link RouteTtlFreshness}, the seeds' model) or the origin's headers as RFC 9111 reads them
 * ({@link OriginFreshness}). One object per route instead of a mode checked in every step.
 */
public interface FreshnessStrategy {
  static FreshnessStrategy of(Route route) {
    return route.freshness() == Route.Freshness.ORIGIN ? new OriginFreshness(route.targeted())
        : new RouteTtlFreshness(route.targeted());
  }

  /** Whether a {@code Range} request is answered from a fresh complete entry ({@link ByteRanges}), else forwarded untouched. */
  boolean answersRanges();

  /** Whether a {@code HEAD} for a stale entry may update its stored headers (RFC 9111 §4.3.5), else it is only forwarded. */
  boolean updatesFromHead();

  /** Whether a fill forwards the client's validators as sent (its 304 passed on), else hides them to get a 200 to store. */
  boolean forwardsClientValidators();

  /** Whether a request with {@code Authorization} may look up at all (the entry then decides). */
  boolean looksUpWithCredentials();

  /** Whether {@code entry} may answer a request that carries credentials. */
  boolean mayAnswerCredentialed(CachedResponse entry);

  /** Whether {@code entry}, once stale, may still be served stale (grace, stale-if-error). */
  boolean mayServeStale(CachedResponse entry);

  /** How long past its freshness {@code entry} may be served while refreshed, or instead of an error (RFC 5861). */
  Route.Grace grace(Route route, CachedResponse entry);

  /** The conditional headers that revalidate a stale {@code entry}; empty: it is fetched whole. */
  Map<String, String> revalidationValidators(CachedResponse entry);

  /** Whether a response may be stored (lower-case header maps; only authorization and cache-control of the request). */
  StoreDecision storeDecision(Map<String, List<String>> requestHeaders, ResponseFacts response, Sharing sharing,
      CookieRule cookies);

  /** The freshness of a response with {@code status} about to be stored, received at {@code received}. */
  Lifetime lifetime(int status, Map<String, List<String>> responseHeaders, Route route, long requestMillis,
      Instant received, Duration revalidationWindow);

  /** Whether the origin's {@code Date} and {@code ETag} lines are stored as sent (else recomputed per response). */
  boolean storesOriginDateAndEtag();

  /**
   * @param born when the response was generated, as far as the cache can tell (RFC 9111 §4.2.3)
   * @param lifetime its freshness lifetime from {@code born}; zero if it must be revalidated before any reuse
   * @param keep how long Redis keeps it from now: its freshness, the route's grace and, with a
   *     validator, the revalidation window; zero when it is of no use
   */
  record Lifetime(Instant born, Duration lifetime, Duration keep) {}
}
