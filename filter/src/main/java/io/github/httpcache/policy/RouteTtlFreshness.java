package io.github.httpcache.policy;

import io.github.httpcache.config.CookieRule;
import io.github.httpcache.config.Route;
import io.github.httpcache.config.TargetedFields;
import io.github.httpcache.store.CachedResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The route's TTL decides, whatever the origin says about freshness; the contract's storage rules
 * apply, to the targeted field's directives when the response has one (RFC 9213).
 */
public final class RouteTtlFreshness implements FreshnessStrategy {
  private final TargetedFields targeted;

  RouteTtlFreshness(TargetedFields targeted) {
    this.targeted = targeted;
  }

  @Override
  public boolean updatesFromHead() {
    return false; // the route's ttl decides freshness: what a HEAD says changes nothing
  }

  @Override
  public boolean forwardsClientValidators() {
    return false; // the servlet's full 200 is stored, and the cache answers the client's condition itself
  }

  @Override
  public boolean answersRanges() {
    return false; // Range is ignored: a hit is the whole 200 (RFC 9110 §14.2 allows it); a 206 is never stored
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
  public Route.Grace grace(Route route, CachedResponse entry) {
    return route.grace();
  }

  @Override
  public Map<String, String> revalidationValidators(CachedResponse entry) {
    return Map.of();
  }

  @Override
  public StoreDecision storeDecision(Map<String, List<String>> requestHeaders, ResponseFacts response, Sharing sharing,
      CookieRule cookies) {
    ResponseFacts forThisCache = new ResponseFacts(response.status(),
        TargetedCacheControl.forThisCache(response.headers(), targeted), response.body());
    return StorePolicy.decide("GET", forThisCache, sharing, cookies);
  }

  /** Fresh for the TTL from now; kept in Redis as long as the route may still serve it stale. */
  @Override
  public Lifetime lifetime(int status, Map<String, List<String>> responseHeaders, Route route, long requestMillis,
      Instant received, Duration revalidationWindow) {
    return new Lifetime(received, route.ttl(), route.ttl().plus(route.grace().maxStale()));
  }

  @Override
  public boolean storesOriginDateAndEtag() {
    return false;
  }
}
