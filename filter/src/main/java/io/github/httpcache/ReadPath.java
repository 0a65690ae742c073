package io.github.httpcache;

import com.codahale.metrics.Timer;
import io.github.httpcache.config.CookieRule;
import io.github.httpcache.config.Route;
import io.github.httpcache.config.RouteTable.RouteMatch;
import io.github.httpcache.key.CacheKeys;
import io.github.httpcache.key.Variants;
import io.github.httpcache.metrics.CacheMetrics;
import io.github.httpcache.policy.CacheStatusHeaders;
import io.github.httpcache.policy.CacheStatusHeaders.Forward;
import io.github.httpcache.policy.Lookup;
import io.github.httpcache.policy.LookupPolicy;
import io.github.httpcache.policy.RequestFacts;
import io.github.httpcache.policy.VariantDimensions;
import io.github.httpcache.MissFill.Selection;
import io.github.httpcache.servlet.DetachedResponse;
import io.github.httpcache.servlet.FillRequest;
import io.github.httpcache.servlet.KeyedQueryRequest;
import io.github.httpcache.servlet.RequestFactsReader;
import io.github.httpcache.servlet.ResponseReplayer;
import io.github.httpcache.servlet.TagHidingResponse;
import io.github.httpcache.store.CachedResponse;
import io.github.httpcache.store.GuardedStore;
import io.github.httpcache.store.StoreLookup;
import io.github.httpcache.store.VariantIndex;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read algorithm: classify, look up (near cache, then Redis), serve a hit, a stale entry or a
 * coalesced fill, else fill from the origin. Split from {@link HttpCache}, which wires the parts.
 */
final class ReadPath {
  private static final Logger log = LoggerFactory.getLogger(ReadPath.class);
  private static final long LEASE_POLL_MILLIS = 20;

  private final HttpCache cache;
  private final Coalescer coalescer;

  ReadPath(HttpCache cache, Coalescer coalescer) {
    this.cache = cache;
    this.coalescer = coalescer;
  }

  /** Serves a GET or HEAD on a cached route: from Redis when it can, else from the origin. */
  void serve(HttpServletRequest request, HttpServletResponse response, FilterChain chain, RouteMatch match)
      throws IOException, ServletException {
    Route route = match.route();
    RequestFacts facts = RequestFactsReader.read(request, route);
    Lookup lookup = LookupPolicy.decide(facts, route);
    if (lookup != Lookup.LOOKUP) {
      bypass(route, lookup.reason(), request, response, chain);
      return;
    }
    if (route.freshness() == Route.Freshness.ORIGIN && request.getHeader("Range") != null) {
      // RFC 9111 §3.3-3.4: partial content is not stored here; the origin answers ranges itself.
      bypass(route, CacheMetrics.BYPASS_RANGE, request, response, chain);
      return;
    }
    if (cache.hasPendingInvalidations()) {
      bypass(route, CacheMetrics.BYPASS_PENDING_INVALIDATIONS, request, response, chain);
      return;
    }
    Optional<String> logicalKey = CacheKeys.logicalKey(facts, route, match.variables());
    if (logicalKey.isEmpty()) {
      bypass(route, CacheMetrics.BYPASS_KEY, request, response, chain);
      return;
    }
    String key = logicalKey.get();
    VariantDimensions dims = VariantDimensions.of(facts, route.cookies());
    long nearEpoch = 0;
    if (cache.nearCache().isPresent()) {
      Optional<CachedResponse> near = cache.nearCache().get().get(key);
      if (near.isPresent() && mayServe(near.get(), route, request) && dims.mismatched(near.get()::recorded).isEmpty()) {
        cache.metrics().nearHit(route.name(), key);
        ResponseReplayer.replay(near.get(), ResponseReplayer.Source.NEAR, facts, cache.clock().instant(), response);
        return;
      }
      // Read before Redis: an invalidation arriving meanwhile keeps what Redis returns out of the near cache.
      nearEpoch = cache.nearCache().get().epoch();
    }
    long startedAt = cache.clock().millis();
    StoreLookup found = find(key);
    long generation = found.generation();
    Optional<VariantIndex> index = Optional.empty();
    Forward forward = Forward.URI_MISS;
    // Keyed cookies always select variants: splitting a shared entry later would cost every cookie a miss.
    List<String> promoted = route.cookies().mode() == CookieRule.Mode.KEY ? List.of(VariantDimensions.COOKIES) : List.of();
    if (found.value() instanceof VariantIndex variants) {
      index = Optional.of(variants);
      forward = Forward.VARY_MISS;
      promoted = MissFill.union(promoted, variants.headerNames().stream().filter(VariantDimensions::isDimension).toList());
      found = find(Variants.variantKey(key, variants.epoch(), variants.headerNames(), selector(request, dims)));
    }
    if (found.value() instanceof CachedResponse entry && !mayServe(entry, route, request)) {
      found = new StoreLookup(StoreLookup.Outcome.ABSENT, null, generation);
    }
    if (found.value() instanceof CachedResponse entry && !dims.mismatched(entry::recorded).isEmpty()) {
      // Filled for another host (or other keyed cookies): never served here; the next save splits them.
      promoted = MissFill.union(promoted, dims.mismatched(entry::recorded));
      forward = Forward.VARY_MISS;
      found = new StoreLookup(StoreLookup.Outcome.ABSENT, null, generation);
    }
    Selection selection = new Selection(dims, promoted);
    Instant now = cache.clock().instant();
    Optional<CachedResponse> staleIfError = Optional.empty();
    Optional<MissFill.Revalidating> revalidating = Optional.empty();
    if (found.value() instanceof CachedResponse entry && !entry.isFreshAt(now)) {
      boolean fromOrigin = route.freshness() == Route.Freshness.ORIGIN;
      // RFC 9111 §4.2.4: must-revalidate, proxy-revalidate, s-maxage and no-cache forbid serving it stale.
      boolean mayServeStale = !fromOrigin || !OriginFreshness.forbidsStale(entry);
      if (fromOrigin && request.getMethod().equals("GET")) {
        // §4.3.1: with a validator, ask the origin whether the entry still holds.
        Map<String, String> validators = OriginFreshness.validators(entry);
        revalidating = validators.isEmpty() ? Optional.empty() : Optional.of(new MissFill.Revalidating(entry, validators));
      }
      Duration stale = entry.staleFor(now);
      if (mayServeStale && stale.compareTo(route.grace().staleWhileRevalidate()) < 0) {
        serveStaleAndRefresh(entry, key, generation, new MissFill.Lookup(key, generation, Forward.STALE, index,
            startedAt, nearEpoch, Optional.empty(), Optional.empty(), selection), route, facts, request, response, chain);
        return;
      }
      staleIfError = mayServeStale && stale.compareTo(route.grace().staleIfError()) < 0
          ? Optional.of(entry) : Optional.empty();
      forward = Forward.STALE;
      found = new StoreLookup(StoreLookup.Outcome.ABSENT, null, generation);
    }
    if (found.outcome() == StoreLookup.Outcome.UNAVAILABLE) {
      bypass(route, CacheMetrics.BYPASS_STORE_UNAVAILABLE, request, response, chain);
    } else if (found.value() instanceof CachedResponse entry) {
      cache.metrics().hit(route.name(), key);
      if (index.isEmpty() && cache.nearCache().isPresent()) {
        cache.nearCache().get().put(key, entry, nearEpoch); // keeps a copy: the array below is handed back
      }
      ResponseReplayer.replay(entry, facts, now, response);
      // Written, and held by nothing else: the next lookup may read into its array (not after a failed write).
      entry.release();
    } else {
      Optional<Coalescer.Flight> flight = Optional.empty();
      if (request.getMethod().equals("GET") && index.isEmpty() && !credentialed(route, request)) {
        Coalescer.Flight joined = coalescer.join(selection.flightKey(key), generation);
        if (!joined.leads()) {
          Optional<CachedResponse> shared = joined.await();
          if (shared.isPresent()) {
            cache.metrics().coalescedHit(route.name(), key);
            ResponseReplayer.replay(shared.get(), ResponseReplayer.Source.COALESCED, facts, cache.clock().instant(), response);
            return;
          }
        } else {
          flight = Optional.of(joined);
        }
      }
      GuardedStore.FillStart start = request.getMethod().equals("GET")
          ? cache.store().beginFill(key, cache.settings().fillLease()) : GuardedStore.FillStart.UNAVAILABLE;
      if (start == GuardedStore.FillStart.LEASED_ELSEWHERE) {
        // Another node is filling this key: wait (bounded) for its entry rather than call the origin too.
        Optional<CachedResponse> theirs = awaitOtherNode(key, generation, dims);
        if (theirs.isPresent()) {
          cache.store().endFill(key, true);
          flight.ifPresent(f -> f.land(theirs));
          cache.metrics().coalescedHit(route.name(), key);
          ResponseReplayer.replay(theirs.get(), ResponseReplayer.Source.COALESCED, facts, cache.clock().instant(), response);
          return;
        }
      }
      cache.metrics().miss(route.name(), key);
      fill(route, new MissFill.Lookup(key, generation, forward, index, startedAt, nearEpoch, staleIfError, revalidating,
              selection),
          flight,
          start != GuardedStore.FillStart.UNAVAILABLE, facts, request, response, chain);
    }
  }

  /**
   * Polls for the entry another node's lease holder is storing, until it appears or the lease
   * comes free (the holder finished without storing, or died and its lease expired), bounded by
   * {@code cache.coalesce-wait}. A dead holder never blocks anyone past its lease.
   */
  private Optional<CachedResponse> awaitOtherNode(String key, long generation, VariantDimensions dims) {
    long deadline = cache.clock().millis() + cache.settings().coalesceWait().toMillis();
    while (cache.clock().millis() < deadline) {
      try {
        Thread.sleep(LEASE_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
      StoreLookup found = cache.store().find(key);
      if (found.value() instanceof CachedResponse entry && found.generation() == generation
          && dims.mismatched(entry::recorded).isEmpty()) {
        return Optional.of(entry);
      }
      if (found.outcome() == StoreLookup.Outcome.UNAVAILABLE
          || cache.store().beginFill(key, cache.settings().fillLease()) != GuardedStore.FillStart.LEASED_ELSEWHERE) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * RFC 5861 stale-while-revalidate: the client gets the stale entry at once; then, on this thread
   * and once per key (the coalescer picks one request), the origin refreshes it into a response
   * that reaches no client.
   */
  private void serveStaleAndRefresh(CachedResponse stale, String key, long generation, MissFill.Lookup lookup,
      Route route, RequestFacts facts, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    cache.metrics().hit(route.name(), key);
    cache.metrics().staleServed();
    ResponseReplayer.replay(stale, CacheStatusHeaders.staleWhileRevalidate(stale.staleFor(cache.clock().instant()).toSeconds()),
        facts, cache.clock().instant(), response);
    response.flushBuffer();
    if (!request.getMethod().equals("GET")) {
      return;
    }
    Coalescer.Flight flight = coalescer.join(lookup.selection().flightKey(key), generation);
    if (!flight.leads()) {
      return;
    }
    boolean registered = cache.store().beginFill(key, Optional.empty()) != GuardedStore.FillStart.UNAVAILABLE;
    MissFill refresh = new MissFill(cache, route, facts, request, lookup, new DetachedResponse(), Optional.of(flight),
        registered);
    try {
      cache.callOrigin(new FillRequest(KeyedQueryRequest.hidingUnkeyed(request, route), refresh.response(),
          FillRequest.Validators.HIDDEN, refresh::complete), refresh.response(), chain);
      if (!request.isAsyncStarted()) {
        refresh.complete();
      }
    } catch (IOException | ServletException | RuntimeException e) {
      refresh.abandon();
      log.warn("Refreshing the stale entry {} failed; it is served until stale-while-revalidate runs out", key, e);
    }
  }


  /** {@code freshness=origin}: a request with credentials gets only what its origin marked shareable (§3.5). */
  private static boolean mayServe(CachedResponse entry, Route route, HttpServletRequest request) {
    return !credentialed(route, request) || OriginFreshness.sharedDespiteCredentials(entry);
  }

  private static boolean credentialed(Route route, HttpServletRequest request) {
    return route.freshness() == Route.Freshness.ORIGIN && route.perUser().isEmpty()
        && request.getHeader("Authorization") != null;
  }

  /** Request header values for a variant's header names, and the request's own values for our dimensions. */
  static Function<String, List<String>> selector(HttpServletRequest request, VariantDimensions dims) {
    return name -> VariantDimensions.isDimension(name) ? List.of(dims.value(name)) : Collections.list(request.getHeaders(name));
  }

  private StoreLookup find(String key) {
    try (Timer.Context ignored = cache.metrics().lookupTime().time()) {
      return cache.store().find(key);
    }
  }

  private void bypass(Route route, String reason, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    cache.metrics().bypass(route.name(), reason);
    response.setHeader(ResponseReplayer.X_CACHE, "BYPASS");
    response.setHeader(CacheStatusHeaders.NAME, CacheStatusHeaders.bypass(reason));
    cache.callOrigin(request, hidingTags(response), chain);
  }

  /** The origin's tag header is for the cache alone, whether or not this response is stored. */
  private HttpServletResponse hidingTags(HttpServletResponse response) {
    return new TagHidingResponse(response, cache.settings().tagHeader());
  }

  private void fill(Route route, MissFill.Lookup lookup, Optional<Coalescer.Flight> flight, boolean registered,
      RequestFacts facts, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getMethod().equals("HEAD")) {
      // HEAD reads the GET entry but never fills it: it has no body to cache.store().
      response.setHeader(ResponseReplayer.X_CACHE, "MISS");
      response.setHeader(CacheStatusHeaders.NAME, CacheStatusHeaders.forwarded(Forward.URI_MISS, null));
      cache.callOrigin(request, hidingTags(response), chain);
      return;
    }
    MissFill fill = new MissFill(cache, route, facts, request, lookup, response, flight, registered);
    // The origin answers in full (no client validators), so the cache can store it and judge them itself;
    // when revalidating, it gets the stored entry's validators instead (RFC 9111 §4.3.1).
    // The application sees only the query its key holds, so nothing outside the key shapes what is stored.
    HttpServletRequest keyed = KeyedQueryRequest.hidingUnkeyed(request, route);
    FillRequest origin = lookup.revalidating().isPresent()
        ? new FillRequest(keyed, fill.response(), lookup.revalidating().get().validators(), fill::complete)
        : new FillRequest(keyed, fill.response(), FillRequest.Validators.HIDDEN, fill::complete);
    try {
      cache.callOrigin(origin, fill.response(), chain);
    } catch (IOException | ServletException | RuntimeException e) {
      fill.abandon();
      if (!fill.canServeStale()) {
        throw e;
      }
      // RFC 5861 stale-if-error: the origin failed, the stale entry answers instead.
      log.warn("The origin failed for {}; serving the stale entry", lookup.primaryKey(), e);
      fill.serveStale(-1);
      return;
    }
    if (!origin.isAsyncStarted()) {
      fill.complete();
    }
  }
}
