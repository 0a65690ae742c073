package io.github.httpcache;

import com.codahale.metrics.Timer;
import io.github.httpcache.config.Route;
import io.github.httpcache.key.Variants;
import io.github.httpcache.policy.CacheStatusHeaders;
import io.github.httpcache.policy.CacheStatusHeaders.Forward;
import io.github.httpcache.policy.RequestFacts;
import io.github.httpcache.policy.ResponseFacts;
import io.github.httpcache.policy.Sharing;
import io.github.httpcache.policy.StoreDecision;
import io.github.httpcache.policy.StorePolicy;
import io.github.httpcache.policy.Validators;
import io.github.httpcache.policy.VaryHeader;
import io.github.httpcache.servlet.BufferingResponseWrapper;
import io.github.httpcache.servlet.EntryCapture;
import io.github.httpcache.servlet.ResponseReplayer;
import io.github.httpcache.store.CachedResponse;
import io.github.httpcache.store.VariantIndex;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One miss being filled: after the origin has written (at once, or when an async servlet
 * completes), decide, store, and answer the client with the origin's body or a 304.
 */
final class MissFill {
  private final HttpCache cache;
  private final Route route;
  private final RequestFacts facts;
  private final HttpServletRequest request;
  private final String primaryKey;
  private final Forward forward;
  private final Optional<VariantIndex> knownIndex;
  private final BufferingResponseWrapper response;
  private final AtomicBoolean completed = new AtomicBoolean();
  private StoreDecision decision;
  private CachedResponse entry;

  MissFill(HttpCache cache, Route route, RequestFacts facts, HttpServletRequest request, String primaryKey,
      Forward forward, Optional<VariantIndex> knownIndex, jakarta.servlet.http.HttpServletResponse response) {
    this.cache = cache;
    this.route = route;
    this.facts = facts;
    this.request = request;
    this.primaryKey = primaryKey;
    this.forward = forward;
    this.knownIndex = knownIndex;
    this.response = new BufferingResponseWrapper(response, route.maxBodySize(), this::beforeCommit);
  }

  BufferingResponseWrapper response() {
    return response;
  }

  /** Headers the client sees on a miss; runs once, just before anything is sent. */
  private void beforeCommit(BufferingResponseWrapper wrapper) {
    wrapper.setHeader(ResponseReplayer.X_CACHE, "MISS");
    StoreDecision known = decision == null && wrapper.isOverLimit() ? StoreDecision.SKIP_TOO_LARGE : decision;
    wrapper.setHeader(CacheStatusHeaders.NAME, CacheStatusHeaders.forwarded(forward, known));
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
      store();
      if (entry != null && !response.isStreaming()
          && Validators.ifNoneMatchMatches(facts.header("if-none-match").orElse(null), entry.etag())) {
        response.finishNotModified();
      } else {
        response.finish();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void store() {
    ResponseFacts responseFacts = response.facts();
    Sharing sharing = route.perUser().isPresent() ? Sharing.PER_USER : Sharing.SHARED;
    decision = StorePolicy.decide("GET", responseFacts, sharing);
    if (decision == StoreDecision.STORE) {
      entry = EntryCapture.capture(response, responseFacts, cache.settings(), route.ttl(), cache.clock().instant());
      List<String> varied = VaryHeader.names(responseFacts.header("vary"),
          entry.encoding() == CachedResponse.BodyEncoding.GZIP_BY_CACHE).orElseThrow();
      decision = save(entry, varied);
    }
    if (decision == StoreDecision.STORE) {
      cache.metrics().stored();
    } else {
      cache.metrics().skipped(decision);
    }
  }

  private StoreDecision save(CachedResponse entry, List<String> varied) {
    String key = primaryKey;
    VariantIndex index = null;
    if (!varied.isEmpty()) {
      index = knownIndex.filter(i -> i.headerNames().equals(varied))
          .orElseGet(() -> new VariantIndex(varied, ThreadLocalRandom.current().nextLong()));
      key = Variants.variantKey(primaryKey, index.epoch(), varied, name -> Collections.list(request.getHeaders(name)));
    }
    if (route.maxKeys() > 0 && !cache.store().admitKey(route.name(), key, route.maxKeys(), route.ttl())) {
      return StoreDecision.SKIP_KEY_BUDGET;
    }
    try (Timer.Context ignored = cache.metrics().saveTime().time()) {
      boolean saved = index == null || cache.store().save(primaryKey, index, route.ttl());
      saved = saved && cache.store().save(key, entry, route.ttl());
      return saved ? StoreDecision.STORE : StoreDecision.SKIP_STORE_UNAVAILABLE;
    }
  }
}
