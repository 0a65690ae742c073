package io.github.httpcache.policy;

import io.github.httpcache.config.CookieRule;
import io.github.httpcache.config.Route;
import io.github.httpcache.config.TargetedFields;
import io.github.httpcache.store.CachedResponse;
import io.github.httpcache.store.StoredHeader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code freshness=origin}: an entry's lifetime from the origin's headers (RFC 9111 §4.2) and how
 * long Redis keeps it. An entry is stored with its birth ({@code received − age on arrival}) as
 * its stored-at time and its freshness lifetime as its TTL, so its {@code Age} (§5.1) and its
 * freshness at any later time follow from the entry alone. A targeted field on the route's list
 * ({@code CDN-Cache-Control}, RFC 9213) speaks for {@code Cache-Control} and {@code Expires} in
 * every decision ({@link TargetedCacheControl}); the origin's {@code stale-while-revalidate} and
 * {@code stale-if-error} (RFC 5861) widen the route's grace.
 */
public final class OriginFreshness implements FreshnessStrategy {
  private final TargetedFields targeted;

  OriginFreshness(TargetedFields targeted) {
    this.targeted = targeted;
  }

  @Override
  public boolean answersRanges() {
    return true; // RFC 9110 §14: from a stored complete 200; a 206 is never stored (§3.3-3.4)
  }

  @Override
  public boolean updatesFromHead() {
    return true; // §4.3.5: the origin's HEAD answer says whether the stored GET response still holds
  }

  @Override
  public boolean forwardsClientValidators() {
    return true; // a client that holds the representation needs no body; the next unconditional miss fills
  }

  @Override
  public boolean looksUpWithCredentials() {
    return true; // §3.5: the stored response says whether credentials may share it
  }

  /** RFC 9111 §3.5: only {@code public}, {@code s-maxage} or {@code must-revalidate} let credentials share it. */
  @Override
  public boolean mayAnswerCredentialed(CachedResponse entry) {
    CacheDirectives directives = directives(entry);
    return directives.isPublic() || directives.has("s-maxage") || directives.mustRevalidate();
  }

  /** Not past §5.2.2.2 {@code must-revalidate}, {@code proxy-revalidate}, §5.2.2.10 {@code s-maxage} or {@code no-cache}. */
  @Override
  public boolean mayServeStale(CachedResponse entry) {
    CacheDirectives directives = directives(entry);
    return !(directives.mustRevalidate() || directives.has("proxy-revalidate") || directives.has("s-maxage")
        || directives.noCache());
  }

  @Override
  public Route.Grace grace(Route route, CachedResponse entry) {
    return route.grace().atLeast(originGrace(directives(entry)));
  }

  @Override
  public Map<String, String> revalidationValidators(CachedResponse entry) {
    return validators(entry);
  }

  @Override
  public StoreDecision storeDecision(Map<String, List<String>> requestHeaders, ResponseFacts response, Sharing sharing,
      CookieRule cookies) {
    ResponseFacts forThisCache = new ResponseFacts(response.status(),
        TargetedCacheControl.forThisCache(response.headers(), targeted), response.body());
    return StorePolicy.decideFromOrigin(requestHeaders, forThisCache, sharing, cookies);
  }

  @Override
  public Lifetime lifetime(int status, Map<String, List<String>> headers, Route route, long requestMillis,
      Instant received, Duration revalidationWindow) {
    return of(status, headers, route, requestMillis, received, revalidationWindow);
  }

  @Override
  public boolean storesOriginDateAndEtag() {
    return true;
  }

  /** The lifetime RFC 9111 §4.2 gives a response received at {@code received}, as this cache reads its headers. */
  public static Lifetime of(int status, Map<String, List<String>> originHeaders, Route route, long requestMillis,
      Instant received, Duration revalidationWindow) {
    Map<String, List<String>> headers = TargetedCacheControl.forThisCache(originHeaders, route.targeted());
    Optional<Duration> explicit = Freshness.lifetime(headers, received);
    // §4.2.2: the route's fallback ttl is the operator's explicit choice; the heuristic only stands in without one.
    Duration lifetime = explicit.orElseGet(() -> route.ttl().isZero()
        ? HeuristicLifetime.of(status, headers, received, route.heuristic()).orElse(Duration.ZERO) : route.ttl());
    Duration initialAge = Freshness.currentAge(headers, Instant.ofEpochMilli(requestMillis), received, received);
    CacheDirectives directives = CacheDirectives.parse(headers.getOrDefault("cache-control", List.of()));
    if (directives.noCache()) {
      lifetime = Duration.ZERO; // §5.2.2.4: never reused without revalidation
    }
    boolean validator = headers.containsKey("etag") || headers.containsKey("last-modified");
    Duration keep = Freshness.remaining(lifetime, initialAge);
    if ((keep.compareTo(Duration.ZERO) > 0) && !directives.mustRevalidate() && !directives.has("proxy-revalidate")) {
      // kept as long as the route's or the origin's own grace may still serve it stale
      keep = keep.plus(route.grace().atLeast(originGrace(directives)).maxStale());
    }
    if (validator && ((keep.compareTo(Duration.ZERO) > 0) || explicit.isPresent() || directives.noCache())) {
      keep = keep.plus(revalidationWindow);
    }
    return new Lifetime(received.minus(initialAge), lifetime, keep);
  }

  /** RFC 5861: the origin's own {@code stale-while-revalidate} and {@code stale-if-error}, zero when absent or invalid. */
  static Route.Grace originGrace(CacheDirectives directives) {
    return new Route.Grace(window(directives.deltaSeconds("stale-while-revalidate")),
        window(directives.deltaSeconds("stale-if-error")));
  }

  private static Duration window(DeltaSeconds seconds) {
    return seconds.isValid() ? seconds.toDuration() : Duration.ZERO;
  }

  /** The entry's directives as this cache reads them: the targeted field's, else its Cache-Control. */
  private CacheDirectives directives(CachedResponse entry) {
    Map<String, List<String>> headers = TargetedCacheControl.forThisCache(headerMap(entry), targeted);
    return CacheDirectives.parse(headers.getOrDefault("cache-control", List.of()));
  }

  /** The conditional request headers that revalidate {@code entry} (§4.3.1); empty without a validator. */
  public static Map<String, String> validators(CachedResponse entry) {
    return Revalidation.validators(headerMap(entry), entry.storedAt());
  }

  /** The entry's header lines by lower-case name, as the origin sent them (origin-mode entries keep its ETag). */
  public static Map<String, List<String>> headerMap(CachedResponse entry) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (StoredHeader header : entry.headers()) {
      headers.computeIfAbsent(header.name().toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(header.value());
    }
    return headers; // an ETag line is there only if the origin sent one: ours is never sent back to it
  }

  /** Back from {@link #headerMap}: the lines worth storing. */
  public static List<StoredHeader> storedHeaders(Map<String, List<String>> headers) {
    List<StoredHeader> stored = new ArrayList<>();
    headers.forEach((name, values) -> {
      if (StoredHeaders.isStored(name) || name.equals("date")) {
        values.forEach(value -> stored.add(new StoredHeader(name, value)));
      }
    });
    return stored;
  }
}
