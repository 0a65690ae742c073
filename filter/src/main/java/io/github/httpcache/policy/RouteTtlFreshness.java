package io.github.httpcache.policy;

import io.github.httpcache.config.CookieRule;
import io.github.httpcache.config.Route;
import io.github.httpcache.store.CachedResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The route's TTL decides, whatever the origin says about freshness; the contract's storage rules apply. */
public final class RouteTtlFreshness implements FreshnessStrategy {
  static final RouteTtlFreshness INSTANCE = new RouteTtlFreshness();

  private RouteTtlFreshness() {}

  @Override
  public boolean bypassesRanges() {
    return false; // the servlet answers ranges inside a full 200 the cache stores; a 206 is never stored
  }

  @Override
  public boolean looksUpWithCredentials() {
    return false;
  }

  @Override
  public boolean mayAnswerCredentialed(CachedResponse entry) {
    return false;
  }

  @Override
  public boolean mayServeStale(CachedResponse entry) {
    return true;
  }

  @Override
  public Map<String, String> revalidationValidators(CachedResponse entry) {
    return Map.of();
  }

  @Override
  public StoreDecision storeDecision(Map<String, List<String>> requestHeaders, ResponseFacts response, Sharing sharing,
      CookieRule cookies) {
    return StorePolicy.decide("GET", response, sharing, cookies);
  }

  /** Fresh for the TTL from now; kept in Redis as long as the route may still serve it stale. */
  @Override
  public Lifetime lifetime(Map<String, List<String>> responseHeaders, Route route, long requestMillis, Instant received,
      Duration revalidationWindow) {
    return new Lifetime(received, route.ttl(), route.ttl().plus(route.grace().maxStale()));
  }

  @Override
  public boolean storesOriginDateAndEtag() {
    return false;
  }
}
