package io.github.httpcache.policy;

import io.github.httpcache.config.CookieRule;
import io.github.httpcache.config.Route;
import io.github.httpcache.policy.CacheStatusHeaders.Forward;
import io.github.httpcache.policy.ReadDecision.Bypass;
import io.github.httpcache.policy.ReadDecision.FillShape;
import io.github.httpcache.store.CachedResponse;
import io.github.httpcache.store.VariantIndex;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.TreeSet;

/**
 * The read rules as two pure functions: {@link #admit} before any lookup (may this request use the
 * cache at all?), and {@link #decide} from what the lookup found (serve, serve stale, revalidate,
 * fill or bypass). No I/O, no clock but the {@code now} given: every rule is a row of a table test.
 */
public final class ReadPolicy {
  /** Redis did not answer. */
  public static final String BYPASS_STORE_UNAVAILABLE = "store-unavailable";
  /** Invalidations are waiting for Redis, so stored entries cannot be trusted yet. */
  public static final String BYPASS_PENDING_INVALIDATIONS = "pending-invalidations";
  /** The route's key template has a placeholder the request does not fill. */
  public static final String BYPASS_KEY = "key";
  /**
   * A miss on a path sent with more than the key holds ({@code ;params}, dot segments): the page
   * could reflect the raw URI, so it is not stored under the path's key (a hit is served as usual).
   */
  public static final String BYPASS_PATH = "path";

  private ReadPolicy() {}

  /** Whether a request may look up at all: empty when it may, else why it bypasses. */
  public static Optional<Bypass> admit(RequestFacts request, Route route, boolean hasKey, boolean pendingInvalidations) {
    Lookup lookup = LookupPolicy.decide(request, route);
    if (lookup != Lookup.LOOKUP) {
      return Optional.of(new Bypass(lookup.reason()));
    }
    if (pendingInvalidations) {
      return Optional.of(new Bypass(BYPASS_PENDING_INVALIDATIONS));
    }
    return hasKey ? Optional.empty() : Optional.of(new Bypass(BYPASS_KEY));
  }

  /** What to do with an admitted request, given what its lookup found at {@code now}. */
  public static ReadDecision decide(RequestFacts request, Route route, Found found, Instant now) {
    return decide(request, route, VariantDimensions.of(request, route.cookies()), found, now);
  }

  /**
   * As {@link #decide(RequestFacts, Route, Found, Instant)}, with the request's dimensions already
   * worked out. A request whose path was sent with more than the key holds may be served an entry,
   * but its own origin call neither fills, refreshes nor is shared.
   */
  public static ReadDecision decide(RequestFacts request, Route route, VariantDimensions dims, Found found,
      Instant now) {
    ReadDecision decision = decideAsKeyed(request, route, dims, found, now);
    boolean storesNothing = decision instanceof ReadDecision.Serve || decision instanceof Bypass
        || decision instanceof ReadDecision.ForwardOnly;
    return request.pathAsKeyed() || storesNothing ? decision : new Bypass(BYPASS_PATH);
  }

  private static ReadDecision decideAsKeyed(RequestFacts request, Route route, VariantDimensions dims, Found found,
      Instant now) {
    if (found instanceof Found.Unavailable) {
      FillShape shape = shape(request, route, 0, Optional.empty(), List.of());
      // Only requests that would share a miss share an origin call (not a HEAD, a conditional or a range).
      return shape.coalesce() && !request.hasHeader("range") ? new ReadDecision.Collapse(BYPASS_STORE_UNAVAILABLE, shape)
          : new Bypass(BYPASS_STORE_UNAVAILABLE);
    }
    Optional<VariantIndex> index = found instanceof Found.Entry e ? e.index() : ((Found.Nothing) found).index();
    long generation = found instanceof Found.Entry e ? e.generation() : ((Found.Nothing) found).generation();
    Forward forward = index.isPresent() ? Forward.VARY_MISS : Forward.URI_MISS;
    List<String> mismatched = List.of();
    if (found instanceof Found.Entry hit && mayAnswer(request, route, hit.entry())) {
      mismatched = dims.mismatched(hit.entry()::recorded);
      if (mismatched.isEmpty()) {
        return fromEntry(request, route, hit, now,
            () -> shape(request, route, generation, index, promotedByRoute(route, index)));
      }
      // Filled for another host (or other keyed cookies): never served here; the next save splits them.
      forward = Forward.VARY_MISS;
    }
    List<String> promoted = union(promotedByRoute(route, index), mismatched);
    return miss(request, route, forward, Optional.empty(), shape(request, route, generation, index, promoted));
  }

  /** An entry this request may have: fresh, served; stale, served stale, revalidated or refetched. */
  private static ReadDecision fromEntry(RequestFacts request, Route route, Found.Entry hit, Instant now,
      Supplier<FillShape> shapeOfAFill) {
    CachedResponse entry = hit.entry();
    FreshnessStrategy freshness = FreshnessStrategy.of(route);
    if (entry.isFreshAt(now)) {
      return new ReadDecision.Serve(entry, hit.near(), freshness.answersRanges() ? part(request, entry, now)
          : ByteRanges.NO_RANGE);
    }
    // Only a stale entry leads to a fill: a hit does not pay for its shape.
    FillShape shape = shapeOfAFill.get();
    if (forwardsRange(request, route)) {
      return new ReadDecision.ForwardOnly(Forward.STALE); // a stale entry is refreshed by a request for all of it
    }
    // RFC 9111 §4.2.4: must-revalidate, proxy-revalidate, s-maxage and no-cache forbid serving it stale.
    boolean mayServeStale = freshness.mayServeStale(entry);
    // RFC 5861: the route's windows, or the origin's own directives where they are longer.
    Route.Grace grace = freshness.grace(route, entry);
    Duration stale = entry.staleFor(now);
    if (mayServeStale && stale.compareTo(grace.staleWhileRevalidate()) < 0) {
      return new ReadDecision.ServeStale(entry, shape);
    }
    Optional<CachedResponse> staleIfError = mayServeStale && stale.compareTo(grace.staleIfError()) < 0
        ? Optional.of(entry) : Optional.empty();
    if (!isGet(request) && freshness.updatesFromHead()) {
      return new ReadDecision.UpdateFromHead(entry, shape);
    }
    Map<String, String> validators = isGet(request) ? freshness.revalidationValidators(entry) : Map.of();
    if (!validators.isEmpty()) {
      return new ReadDecision.Revalidate(entry, validators, staleIfError, shape);
    }
    return miss(request, route, Forward.STALE, staleIfError, shape);
  }

  private static ReadDecision miss(RequestFacts request, Route route, Forward forward,
      Optional<CachedResponse> staleIfError, FillShape shape) {
    // HEAD reads the GET entry but never fills it: it has no body to store; nor does a 206.
    if (!isGet(request)) {
      return new ReadDecision.ForwardOnly(Forward.URI_MISS);
    }
    return forwardsRange(request, route) ? new ReadDecision.ForwardOnly(forward)
        : new ReadDecision.Fill(forward, staleIfError, shape);
  }

  /** A {@code Range} request that no fresh entry answers goes to the origin untouched; its 206 is not stored. */
  private static boolean forwardsRange(RequestFacts request, Route route) {
    return FreshnessStrategy.of(route).answersRanges() && request.hasHeader("range");
  }

  /** The bytes of a fresh complete entry a {@code Range} request selects (RFC 9110 §14). */
  private static ByteRanges.Selection part(RequestFacts request, CachedResponse entry, Instant now) {
    if (!request.hasHeader("range")) {
      return ByteRanges.NO_RANGE;
    }
    if (entry.status() != 200 || entry.encoding() != CachedResponse.BodyEncoding.AS_SENT) {
      return new ByteRanges.Whole("entry"); // only a complete 200 stored as the origin sent it
    }
    Map<String, List<String>> headers = OriginFreshness.headerMap(entry);
    ByteRanges.Stored stored = new ByteRanges.Stored(entry.etag(),
        HttpDates.parseField(headers.getOrDefault("last-modified", List.of()), now),
        HttpDates.parseField(headers.getOrDefault("date", List.of()), now));
    return ByteRanges.select(request.method(), request.header("range").orElse(null),
        request.header("if-range").orElse(null), entry.bodyLength(), stored);
  }

  private static FillShape shape(RequestFacts request, Route route, long generation, Optional<VariantIndex> index,
      List<String> promoted) {
    // The origin may answer a conditional fill 304: of no use to requests waiting for an entry.
    boolean conditional = FreshnessStrategy.of(route).forwardsClientValidators()
        && (request.hasHeader("if-none-match") || request.hasHeader("if-modified-since"));
    boolean coalesce = isGet(request) && index.isEmpty() && !credentialed(request, route) && !conditional;
    return new FillShape(generation, index, promoted, coalesce, conditional);
  }

  /** Keyed cookies and the route's {@code vary} headers always select variants, and so does every dimension the index uses. */
  private static List<String> promotedByRoute(Route route, Optional<VariantIndex> index) {
    List<String> promoted = new ArrayList<>();
    if (route.cookies().mode() == CookieRule.Mode.KEY) {
      promoted.add(VariantDimensions.COOKIES);
    }
    promoted.addAll(route.inputs().vary());
    index.ifPresent(i -> i.headerNames().stream().filter(VariantDimensions::isDimension).forEach(promoted::add));
    return union(promoted, List.of());
  }

  /** RFC 9111 §3.5: a request with credentials gets only what its origin marked shareable. */
  private static boolean mayAnswer(RequestFacts request, Route route, CachedResponse entry) {
    return !credentialed(request, route) || FreshnessStrategy.of(route).mayAnswerCredentialed(entry);
  }

  /** A request with credentials that this route lets look up (origin freshness, not per-user). */
  public static boolean credentialed(RequestFacts request, Route route) {
    return FreshnessStrategy.of(route).looksUpWithCredentials() && route.perUser().isEmpty()
        && request.hasHeader("authorization");
  }

  private static boolean isGet(RequestFacts request) {
    return request.method().equals("GET");
  }

  /** Both lists' names, sorted and once each, as variant header names are kept. */
  public static List<String> union(List<String> a, List<String> b) {
    TreeSet<String> all = new TreeSet<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }
}
