package io.github.httpcache;

import com.codahale.metrics.Timer;
import io.github.httpcache.config.Route;
import io.github.httpcache.key.Variants;
import io.github.httpcache.policy.CacheStatusHeaders;
import io.github.httpcache.policy.CacheStatusHeaders.Forward;
import io.github.httpcache.policy.Revalidation;
import io.github.httpcache.policy.RequestFacts;
import io.github.httpcache.policy.ResponseFacts;
import io.github.httpcache.policy.Sharing;
import io.github.httpcache.policy.StoreDecision;
import io.github.httpcache.policy.StorePolicy;
import io.github.httpcache.policy.Validators;
import io.github.httpcache.policy.VaryHeader;
import io.github.httpcache.policy.VariantDimensions;
import io.github.httpcache.servlet.BufferingResponseWrapper;
import io.github.httpcache.servlet.EntryCapture;
import io.github.httpcache.servlet.ResponseReplayer;
import io.github.httpcache.store.CachedResponse;
import io.github.httpcache.store.FillRecord;
import io.github.httpcache.store.StoredHeader;
import io.github.httpcache.store.VariantIndex;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One miss being filled: after the origin has written (at once, or when an async servlet
 * completes), decide, save under the generation the lookup saw, and answer the client with the
 * origin's body or a 304.
 */
final class MissFill {
  /** Where the fill started: what the lookup saw, so the save can be fenced against later invalidations. */
  record Lookup(String primaryKey, long generation, Forward forward, Optional<VariantIndex> index, long startedAtMillis,
      long nearEpoch, Optional<CachedResponse> staleIfError, Optional<Revalidating> revalidating, Selection selection) {}

  /**
   * The request's own variant dimensions (origin, keyed cookies), and those that must select
   * variants when it is stored: the ones the index already uses, and any an entry disagreed on.
   */
  record Selection(VariantDimensions dims, List<String> promoted) {
    Selection {
      promoted = List.copyOf(promoted);
    }

    /** Concurrent misses share one fill only when they would be served the same entry. */
    String flightKey(String primaryKey) {
      return primaryKey + "\n" + dims.signature();
    }

    /** What the stored entry records of the request it was filled for. */
    List<StoredHeader> lines() {
      List<StoredHeader> lines = new java.util.ArrayList<>();
      dims.values().forEach((name, value) -> lines.add(new StoredHeader(name, value)));
      return lines;
    }
  }

  /** A stale entry being revalidated (RFC 9111 §4.3.1) and the conditional headers sent for it. */
  record Revalidating(CachedResponse stored, Map<String, String> validators) {}

  private final HttpCache cache;
  private final Route route;
  private final RequestFacts facts;
  private final HttpServletRequest request;
  private final Lookup lookup;
  private final boolean registered;
  private final BufferingResponseWrapper response;
  private final Optional<Coalescer.Flight> flight;
  private final AtomicBoolean completed = new AtomicBoolean();
  private final AtomicBoolean ended = new AtomicBoolean();
  private boolean shareable;
  private StoreDecision decision;
  private CachedResponse entry;

  /**
   * @param registered whether the fill is in the store's registry (it was registered before the
   *     origin is read, so an invalidation from then on fences it); unregistered fills are not saved
   */
  MissFill(HttpCache cache, Route route, RequestFacts facts, HttpServletRequest request, Lookup lookup,
      HttpServletResponse response, Optional<Coalescer.Flight> flight, boolean registered) {
    this.flight = flight;
    this.cache = cache;
    this.route = route;
    this.facts = facts;
    this.request = request;
    this.lookup = lookup;
    this.registered = registered;
    this.response = new BufferingResponseWrapper(response, route.maxBodySize(), this::beforeCommit,
        cache.settings().tagHeader(), cache.fillMemory());
  }

  BufferingResponseWrapper response() {
    return response;
  }

  /** Headers the client sees on a miss; runs once, just before anything is sent. */
  private void beforeCommit(BufferingResponseWrapper wrapper) {
    wrapper.setHeader(ResponseReplayer.X_CACHE, "MISS");
    if (StorePolicy.isEventStream(wrapper.getContentType())) {
      // A live stream ends when it ends: waiting requests go to the origin now rather than wait for it.
      decision = StoreDecision.SKIP_EVENT_STREAM;
      flight.ifPresent(f -> f.land(Optional.empty()));
    }
    StoreDecision known = decision != null ? decision : wrapper.isOverMemory() ? StoreDecision.SKIP_FILL_MEMORY
        : wrapper.isOverLimit() ? StoreDecision.SKIP_TOO_LARGE : null;
    wrapper.setHeader(CacheStatusHeaders.NAME, CacheStatusHeaders.forwarded(lookup.forward(), known));
    if (entry != null) {
      if (!wrapper.containsHeader("ETag")) {
        wrapper.setHeader("ETag", entry.etag());
      }
      if (entry.encoding() == CachedResponse.BodyEncoding.GZIP_BY_CACHE) {
        entry.headers().stream().filter(h -> h.name().equalsIgnoreCase("Vary")).findFirst()
            .ifPresent(vary -> wrapper.setHeader(vary.name(), vary.value()));
      }
    }
  }

  /** Decides, stores, and sends the response; safe to call more than once (only the first counts). */
  void complete() {
    if (!completed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (lookup.revalidating().isPresent() && response.getStatus() == HttpServletResponse.SC_NOT_MODIFIED) {
        freshened(lookup.revalidating().get().stored());
        return;
      }
      store();
      // Waiting requests get the entry only if it is the one they would have looked up.
      flight.ifPresent(f -> f.land(shareable ? Optional.of(entry) : Optional.empty()));
      int status = response.getStatus();
      if (status >= 500 && lookup.staleIfError().isPresent() && !response.isStreaming()) {
        serveStale(status);
      } else if (entry != null && !response.isStreaming()
          && Validators.ifNoneMatchMatches(facts.header("if-none-match").orElse(null), entry.etag())) {
        response.finishNotModified();
      } else {
        response.finish();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      abandon();
    }
  }

  /**
   * RFC 9111 §4.3.3/§4.3.4: the origin answered our conditional request 304, so the stored body
   * is still good. Its headers are updated from the 304, it is saved with its new freshness
   * (fenced like any fill), and the client gets it as a hit.
   */
  private void freshened(CachedResponse stored) throws IOException {
    Instant now = cache.clock().instant();
    Map<String, List<String>> storedHeaders = OriginFreshness.headerMap(stored);
    Map<String, List<String>> notModified = response.facts().headers();
    if (!Revalidation.freshening(storedHeaders, notModified, now).updates()) {
      // §4.3.4: this 304 is about some other response; serve the stored one without updating it.
      cache.metrics().hit(route.name(), lookup.primaryKey());
      ResponseReplayer.replay(stored, CacheStatusHeaders.revalidated(), facts, now, response.discardForReplacement());
      return;
    }
    Map<String, List<String>> updated = Revalidation.updatedHeaders(storedHeaders, notModified, now);
    OriginFreshness.Lifetime lifetime = OriginFreshness.of(updated, route, lookup.startedAtMillis(), now,
        cache.settings().revalidationWindow());
    String etag = updated.getOrDefault("etag", List.of(stored.etag())).get(0);
    CachedResponse refreshed = stored.revalidated(OriginFreshness.storedHeaders(updated), etag, lifetime.born(),
        lifetime.lifetime());
    if ((lifetime.keep().compareTo(Duration.ZERO) > 0) && registered) {
      decision = save(refreshed, List.of(), lifetime.keep());
      if (decision == StoreDecision.STORE && lookup.index().isEmpty()) {
        cache.nearCache().ifPresent(near -> near.put(lookup.primaryKey(), refreshed, lookup.nearEpoch()));
      }
    }
    flight.ifPresent(f -> f.land(decision == StoreDecision.STORE ? Optional.of(refreshed) : Optional.empty()));
    cache.metrics().hit(route.name(), lookup.primaryKey());
    ResponseReplayer.replay(refreshed, CacheStatusHeaders.revalidated(), facts, now, response.discardForReplacement());
  }

  /** Whether a stale entry can stand in for an origin failure (the origin threw before anything was sent). */
  boolean canServeStale() {
    return lookup.staleIfError().isPresent() && !response.isStreaming() && !response.isCommitted();
  }

  /** Answers with the stale entry instead of the origin's failure ({@code stale-if-error}). */
  void serveStale(int originStatus) throws IOException {
    cache.metrics().staleServed();
    ResponseReplayer.replay(lookup.staleIfError().get(), CacheStatusHeaders.staleIfError(originStatus), facts,
        cache.clock().instant(), response.discardForReplacement());
  }

  /** Lets waiting requests go to the origin themselves: this fill failed or stored nothing they can use. */
  void abandon() {
    // The fill is over either way: what it buffered goes back to the fill memory budget.
    response.releaseCapture();
    flight.ifPresent(f -> f.land(Optional.empty()));
    if (registered && ended.compareAndSet(false, true)) {
      cache.store().endFill(lookup.primaryKey(), cache.settings().fillLease().isPresent());
    }
  }

  private void store() {
    ResponseFacts responseFacts = response.facts();
    Sharing sharing = route.perUser().isPresent() ? Sharing.PER_USER : Sharing.SHARED;
    boolean fromOrigin = route.freshness() == Route.Freshness.ORIGIN;
    decision = fromOrigin ? StorePolicy.decideFromOrigin(requestHeaders(), responseFacts, sharing, route.cookies())
        : StorePolicy.decide("GET", responseFacts, sharing, route.cookies());
    OriginFreshness.Lifetime lifetime = null;
    if (fromOrigin && decision == StoreDecision.STORE) {
      lifetime = OriginFreshness.of(responseFacts.headers(), route, lookup.startedAtMillis(), cache.clock().instant(),
          cache.settings().revalidationWindow());
      if (!(lifetime.keep().compareTo(Duration.ZERO) > 0)) {
        decision = StoreDecision.SKIP_NO_FRESHNESS;
      }
    }
    if (decision == StoreDecision.STORE && !registered) {
      decision = StoreDecision.SKIP_STORE_UNAVAILABLE;
    }
    long took = cache.clock().millis() - lookup.startedAtMillis();
    if (decision == StoreDecision.STORE && took >= cache.settings().invalidationFence().toMillis()) {
      // Slower than the fence: a tombstone of an invalidation during the fill may have expired.
      decision = StoreDecision.SKIP_SLOW_FILL;
    }
    if (decision == StoreDecision.STORE) {
      CachedResponse captured = (lifetime == null
          ? EntryCapture.capture(response, responseFacts, cache.settings(), route.ttl(), cache.clock().instant())
          : EntryCapture.capture(response, responseFacts, cache.settings(), lifetime.lifetime(), lifetime.born(), true))
          .withLines(lookup.selection().lines());
      List<String> vary = VaryHeader.names(responseFacts.header("vary"),
          captured.encoding() == CachedResponse.BodyEncoding.GZIP_BY_CACHE).orElseThrow();
      List<String> varied = union(vary, lookup.selection().promoted());
      // Kept in Redis past its freshness for as long as the route may serve it stale (or revalidate it).
      decision = save(captured, varied, lifetime == null ? route.ttl().plus(route.grace().maxStale()) : lifetime.keep());
      entry = decision == StoreDecision.STORE ? captured : null;
      // Waiting requests have this request's dimensions (they key the flight), so only Vary stops sharing.
      shareable = entry != null && vary.isEmpty();
      if (entry != null && varied.isEmpty()) {
        cache.nearCache().ifPresent(near -> near.put(lookup.primaryKey(), entry, lookup.nearEpoch()));
      }
    }
    if (decision == StoreDecision.STORE) {
      cache.metrics().stored(route.name(), lookup.primaryKey(), entry == null ? 0 : entry.bodyLength());
    } else {
      cache.metrics().skipped(decision);
    }
  }

  private StoreDecision save(CachedResponse captured, List<String> varied, Duration keep) {
    String key = lookup.primaryKey();
    Optional<VariantIndex> index = Optional.empty();
    if (!varied.isEmpty()) {
      VariantIndex chosen = lookup.index().filter(i -> i.headerNames().equals(varied))
          .orElseGet(() -> new VariantIndex(varied, ThreadLocalRandom.current().nextLong()));
      index = Optional.of(chosen);
      key = Variants.variantKey(key, chosen.epoch(), varied, ReadPath.selector(request, lookup.selection().dims()));
    }
    FillRecord fill = new FillRecord(lookup.primaryKey(), lookup.generation(), index, key, captured, keep,
        tags(), route.maxKeys() > 0 ? Optional.of(new FillRecord.KeyBudget(route.name(), route.maxKeys())) : Optional.empty(),
        cache.settings().fillLease().isPresent());
    Optional<FillRecord.Outcome> outcome;
    try (Timer.Context ignored = cache.metrics().saveTime().time()) {
      outcome = cache.store().save(fill);
    }
    // A save ends the fill (its registration and lease), whatever its outcome.
    ended.set(true);
    return outcome.map(o -> switch (o) {
      case STORED -> StoreDecision.STORE;
      case FENCED_OUT -> StoreDecision.SKIP_FENCED;
      case OVER_BUDGET -> StoreDecision.SKIP_KEY_BUDGET;
    }).orElse(StoreDecision.SKIP_STORE_UNAVAILABLE);
  }

  /** Both lists' names, sorted, as variant header names are kept. */
  static List<String> union(List<String> a, List<String> b) {
    if (b.isEmpty()) {
      return a;
    }
    java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  /** What RFC 9111 §3 reads of the request: its credentials and its own {@code Cache-Control}. */
  private Map<String, List<String>> requestHeaders() {
    Map<String, List<String>> headers = new java.util.HashMap<>();
    for (String name : List.of("authorization", "cache-control")) {
      List<String> values = Collections.list(request.getHeaders(name));
      if (!values.isEmpty()) {
        headers.put(name, values);
      }
    }
    return headers;
  }

  /** Tags from the tag header, comma-separated, as the origin listed them. */
  private Set<String> tags() {
    Set<String> tags = new LinkedHashSet<>();
    for (String line : response.tagHeaderValues()) {
      for (String tag : line.split(",")) {
        if (!tag.isBlank()) {
          tags.add(tag.trim());
        }
      }
    }
    return tags;
  }
}
