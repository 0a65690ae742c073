package io.github.httpcache;

import com.codahale.metrics.Timer;
import io.github.httpcache.MissFill.Revalidating;
import io.github.httpcache.MissFill.Target;
import io.github.httpcache.config.Route;
import io.github.httpcache.config.RouteTable.RouteMatch;
import io.github.httpcache.key.CacheKeys;
import io.github.httpcache.key.Variants;
import io.github.httpcache.policy.CacheStatusHeaders;
import io.github.httpcache.policy.CacheStatusHeaders.Forward;
import io.github.httpcache.policy.Found;
import io.github.httpcache.policy.ReadDecision;
import io.github.httpcache.policy.ReadDecision.FillShape;
import io.github.httpcache.policy.ReadPolicy;
import io.github.httpcache.policy.RequestFacts;
import io.github.httpcache.policy.VariantDimensions;
import io.github.httpcache.servlet.RequestFactsReader;
import io.github.httpcache.servlet.ResponseReplayer;
import io.github.httpcache.store.CachedResponse;
import io.github.httpcache.store.StoreLookup;
import io.github.httpcache.store.VariantIndex;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Function;

/**
 * Carries out {@link ReadPolicy}'s decisions for a routed GET or HEAD: looks up (near cache, then
 * Redis, then the variant), asks the policy, and does what it says, handing fills to the
 * {@link FillStarter}. Every choice is the policy's; this class only does the I/O around it.
 */
final class ReadExecutor {
  private final CacheParts parts;
  private final FillStarter fills;
  /** Whether an invalidation of this key waits for Redis: its reads must not trust the cache meanwhile. */
  private final Predicate<String> pendingInvalidations;

  ReadExecutor(CacheParts parts, FillStarter fills, Predicate<String> pendingInvalidations) {
    this.parts = parts;
    this.fills = fills;
    this.pendingInvalidations = pendingInvalidations;
  }

  /** What the lookup found, and when it started (the fence and the near cache count from there). */
  private record Looked(Found found, long startedAtMillis, long nearEpoch) {}

  void serve(HttpServletRequest request, HttpServletResponse response, FilterChain chain, RouteMatch match)
      throws IOException, ServletException {
    Route route = match.route();
    RequestFacts facts = RequestFactsReader.read(request, route, match.path());
    Optional<String> key = CacheKeys.logicalKey(facts, route, match.variables());
    Optional<ReadDecision.Bypass> refused = ReadPolicy.admit(facts, route, key.isPresent(),
        key.isPresent() && pendingInvalidations.test(key.get()));
    if (refused.isPresent()) {
      bypass(route, refused.get().reason(), request, response, chain);
      return;
    }
    Exchange exchange = new Exchange(route, facts, key.get(), VariantDimensions.of(facts, route.cookies()), request,
        response, chain, Coalescer.arrival());
    if (servedNear(exchange)) {
      return;
    }
    Looked looked = lookUp(exchange);
    Instant now = parts.clock().instant();
    execute(ReadPolicy.decide(facts, route, exchange.dims(), looked.found(), now), exchange, looked, now);
  }

  /** The switch over the policy's decision. */
  private void execute(ReadDecision decision, Exchange exchange, Looked looked, Instant now)
      throws IOException, ServletException {
    if (decision instanceof ReadDecision.Bypass bypass) {
      bypass(exchange.route(), bypass.reason(), exchange.request(), exchange.response(), exchange.chain());
    } else if (decision instanceof ReadDecision.Serve serve) {
      serveHit(exchange, serve, looked, now);
    } else if (decision instanceof ReadDecision.ServeStale stale) {
      serveStaleAndRefresh(exchange, stale, looked);
    } else if (decision instanceof ReadDecision.Revalidate revalidate) {
      fills.fillOrJoin(exchange, target(exchange, revalidate.shape(), looked), Forward.STALE, revalidate.staleIfError(),
          Optional.of(new Revalidating(revalidate.entry(), revalidate.validators())));
    } else if (decision instanceof ReadDecision.UpdateFromHead head) {
      fills.fillOrJoin(exchange, target(exchange, head.shape(), looked), Forward.STALE, Optional.empty(),
          Optional.of(new Revalidating(head.entry(), Map.of())));
    } else if (decision instanceof ReadDecision.Fill fill) {
      fills.fillOrJoin(exchange, target(exchange, fill.shape(), looked), fill.forward(), fill.staleIfError(),
          Optional.empty());
    } else if (decision instanceof ReadDecision.Collapse collapse) {
      fills.collapse(exchange, target(exchange, collapse.shape(), looked), collapse.reason());
    } else if (decision instanceof ReadDecision.ForwardOnly forward) {
      forwardOnly(exchange, forward.forward());
    }
  }

  /** A near-cache entry this request may have, served without Redis. */
  private boolean servedNear(Exchange exchange) throws IOException {
    if (parts.nearCache().isEmpty()) {
      return false;
    }
    Optional<CachedResponse> near = parts.nearCache().get().get(exchange.key());
    if (near.isEmpty()) {
      return false;
    }
    Instant now = parts.clock().instant();
    if (!(ReadPolicy.decide(exchange.facts(), exchange.route(), exchange.dims(),
        new Found.Entry(near.get(), 0, Optional.empty(), true), now) instanceof ReadDecision.Serve serve)) {
      return false;
    }
    parts.metrics().nearHit(exchange.route().name(), exchange.key());
    ResponseReplayer.replay(near.get(), ResponseReplayer.Source.NEAR, serve.part(), exchange.facts(), now,
        exchange.response());
    return true;
  }

  /** The primary key, then the variant the request selects when the key holds a variant index. */
  private Looked lookUp(Exchange exchange) {
    // Read before Redis: an invalidation arriving meanwhile keeps what Redis returns out of the near cache.
    long nearEpoch = parts.nearCache().map(near -> near.epoch()).orElse(0L);
    long startedAt = parts.clock().millis();
    StoreLookup primary = find(exchange.key());
    Optional<VariantIndex> index = Optional.empty();
    StoreLookup found = primary;
    if (primary.value() instanceof VariantIndex variants) {
      index = Optional.of(variants);
      found = find(Variants.variantKey(exchange.key(), variants.epoch(), variants.headerNames(),
          selector(exchange.request(), exchange.dims())));
    }
    return new Looked(found(found, primary.generation(), index), startedAt, nearEpoch);
  }

  private static Found found(StoreLookup lookup, long generation, Optional<VariantIndex> index) {
    if (lookup.outcome() == StoreLookup.Outcome.UNAVAILABLE) {
      return new Found.Unavailable();
    }
    return lookup.value() instanceof CachedResponse entry ? new Found.Entry(entry, generation, index, false)
        : new Found.Nothing(generation, index);
  }

  private void serveHit(Exchange exchange, ReadDecision.Serve serve, Looked looked, Instant now) throws IOException {
    CachedResponse entry = serve.entry();
    parts.metrics().hit(exchange.route().name(), exchange.key());
    boolean primary = looked.found() instanceof Found.Entry hit && hit.index().isEmpty();
    if (primary && parts.nearCache().isPresent()) {
      parts.nearCache().get().put(exchange.key(), entry, looked.nearEpoch());
    }
    ResponseReplayer.replay(entry, ResponseReplayer.Source.STORE, serve.part(), exchange.facts(), now,
        exchange.response());
  }

  /**
   * RFC 5861 stale-while-revalidate: the client gets the stale entry at once; then, on this thread
   * and once per key (the coalescer picks one request), the origin refreshes it into a response
   * that reaches no client.
   */
  private void serveStaleAndRefresh(Exchange exchange, ReadDecision.ServeStale stale, Looked looked)
      throws IOException, ServletException {
    CachedResponse entry = stale.entry();
    parts.metrics().hit(exchange.route().name(), exchange.key());
    parts.metrics().staleServed();
    ResponseReplayer.replay(entry, CacheStatusHeaders.staleWhileRevalidate(entry.staleFor(parts.clock().instant()).toSeconds()),
        exchange.facts(), parts.clock().instant(), exchange.response());
    exchange.response().flushBuffer();
    if (!exchange.facts().method().equals("GET")) {
      return;
    }
    fills.refreshOnce(exchange, target(exchange, stale.shape(), looked));
  }

  private static Target target(Exchange exchange, FillShape shape, Looked looked) {
    return new Target(exchange.key(), shape, exchange.dims(), looked.startedAtMillis(), looked.nearEpoch());
  }

  /** A HEAD miss: the origin answers, nothing is stored. */
  private void forwardOnly(Exchange exchange, Forward forward) throws IOException, ServletException {
    exchange.response().setHeader(ResponseReplayer.X_CACHE, "MISS");
    exchange.response().setHeader(CacheStatusHeaders.NAME, CacheStatusHeaders.forwarded(forward, null));
    parts.callOrigin(exchange.request(), parts.hidingTags(exchange.response(), exchange.route()), exchange.chain());
  }

  private void bypass(Route route, String reason, HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws IOException, ServletException {
    parts.metrics().bypass(route.name(), reason);
    response.setHeader(ResponseReplayer.X_CACHE, "BYPASS");
    response.setHeader(CacheStatusHeaders.NAME, CacheStatusHeaders.bypass(reason));
    parts.callOrigin(request, parts.hidingTags(response, route), chain);
  }

  private StoreLookup find(String key) {
    try (Timer.Context ignored = parts.metrics().lookupTime().time()) {
      return parts.store().find(key);
    }
  }

  /** Request header values for a variant's header names, and the request's own values for our dimensions. */
  static Function<String, List<String>> selector(HttpServletRequest request, VariantDimensions dims) {
    return name -> VariantDimensions.isDimension(name) ? List.of(dims.value(name)) : Collections.list(request.getHeaders(name));
  }
}
