package io.github.httpcache;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.github.httpcache.config.CacheSettings;
import io.github.httpcache.config.Route;
import io.github.httpcache.invalidate.InvalidationPolicy;
import io.github.httpcache.invalidate.Invalidator;
import io.github.httpcache.key.CacheKeys;
import io.github.httpcache.key.RedisKeys;
import io.github.httpcache.metrics.CacheMetrics;
import io.github.httpcache.metrics.CacheStatistics;
import io.github.httpcache.policy.Lookup;
import io.github.httpcache.policy.LookupPolicy;
import io.github.httpcache.policy.RequestFacts;
import io.github.httpcache.policy.ResponseFacts;
import io.github.httpcache.policy.StoreDecision;
import io.github.httpcache.policy.StorePolicy;
import io.github.httpcache.policy.StoredHeaders;
import io.github.httpcache.servlet.BufferingResponseWrapper;
import io.github.httpcache.servlet.RequestFactsReader;
import io.github.httpcache.servlet.ResponseReplayer;
import io.github.httpcache.store.CachedResponse;
import io.github.httpcache.store.CircuitBreaker;
import io.github.httpcache.store.GuardedStore;
import io.github.httpcache.store.RedisClients;
import io.github.httpcache.store.RedissonResponseStore;
import io.github.httpcache.store.StoreLookup;
import io.github.httpcache.store.StoredHeader;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The cache's components wired together, and the read and write algorithms the filter delegates
 * to: look up, replay or fill and store; run a write and invalidate before it commits.
 */
public final class HttpCache implements AutoCloseable {
  private static final int TOP_KEYS_SHOWN = 10;

  private final CacheSettings settings;
  private final RedisClients redis;
  private final GuardedStore store;
  private final CacheMetrics metrics;
  private final InvalidationPolicy invalidationPolicy;
  private final Invalidator invalidator;
  private final Clock clock;

  public HttpCache(CacheSettings settings, RedisClients redis, MetricRegistry registry, Clock clock) {
    this.settings = settings;
    this.redis = redis;
    this.clock = clock;
    this.metrics = new CacheMetrics(registry, settings.topKeysCapacity());
    RedissonResponseStore redisStore =
        new RedissonResponseStore(redis.client(), new RedisKeys(settings.namespace()), settings.redisTimeout());
    CircuitBreaker breaker = new CircuitBreaker(settings.breakerFailureThreshold(), settings.breakerOpenDuration(), clock);
    this.store = new GuardedStore(redisStore, breaker, metrics, clock);
    this.invalidationPolicy = new InvalidationPolicy(settings.routeTable());
    this.invalidator = new Invalidator(store, metrics);
  }

  /** Serves a GET or HEAD on a cached route: from Redis when it can, else from the origin. */
  public void serveRead(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Route route)
      throws IOException, ServletException {
    RequestFacts facts = RequestFactsReader.read(request);
    Lookup lookup = LookupPolicy.decide(facts);
    if (lookup != Lookup.LOOKUP) {
      bypass(lookup.reason(), request, response, chain);
      return;
    }
    String key = CacheKeys.logicalKey(facts);
    StoreLookup found;
    try (Timer.Context ignored = metrics.lookupTime().time()) {
      found = store.find(key);
    }
    switch (found.outcome()) {
      case FOUND -> {
        metrics.hit(key);
        ResponseReplayer.replay(found.entry(), facts.method(), clock.instant(), response);
      }
      case UNAVAILABLE -> bypass(CacheMetrics.BYPASS_STORE_UNAVAILABLE, request, response, chain);
      case ABSENT -> {
        metrics.miss(key);
        fill(key, route, request, response, chain);
      }
    }
  }

  private void bypass(String reason, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    metrics.bypass(reason);
    response.setHeader(ResponseReplayer.X_CACHE, "BYPASS");
    callOrigin(request, response, chain);
  }

  private void fill(String key, Route route, HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws IOException, ServletException {
    if (request.getMethod().equals("HEAD")) {
      // HEAD reads the GET entry but never fills it: it has no body to store.
      response.setHeader(ResponseReplayer.X_CACHE, "MISS");
      callOrigin(request, response, chain);
      return;
    }
    BufferingResponseWrapper wrapper = new BufferingResponseWrapper(response, settings.maxBodySize(),
        w -> w.setHeader(ResponseReplayer.X_CACHE, "MISS"));
    callOrigin(request, wrapper, chain);
    if (request.isAsyncStarted()) {
      // The body is still being written: stream it now and store what was captured at completion.
      wrapper.streamFromNowOn();
      request.getAsyncContext().addListener(onComplete(() -> storeIfAllowed(key, route, wrapper)));
      return;
    }
    storeIfAllowed(key, route, wrapper);
    wrapper.finish();
  }

  private void storeIfAllowed(String key, Route route, BufferingResponseWrapper wrapper) {
    ResponseFacts facts = wrapper.facts();
    StoreDecision decision = StorePolicy.decide("GET", facts);
    if (decision != StoreDecision.STORE) {
      metrics.skipped(decision);
      return;
    }
    CachedResponse entry = new CachedResponse(facts.status(), headersToStore(wrapper), wrapper.capturedBody(), clock.instant());
    boolean saved;
    try (Timer.Context ignored = metrics.saveTime().time()) {
      saved = store.save(key, entry, route.ttl());
    }
    if (saved) {
      metrics.stored();
    }
  }

  private static List<StoredHeader> headersToStore(HttpServletResponse response) {
    List<StoredHeader> headers = new ArrayList<>();
    for (String name : response.getHeaderNames()) {
      if (StoredHeaders.isStored(name) && !name.equalsIgnoreCase("Content-Type")) {
        response.getHeaders(name).forEach(value -> headers.add(new StoredHeader(name, value)));
      }
    }
    // Some containers keep Content-Type out of getHeaderNames(); ask for it directly.
    if (response.getContentType() != null) {
      headers.add(new StoredHeader("Content-Type", response.getContentType()));
    }
    return headers;
  }

  /** Runs a write; if it succeeds, deletes what it invalidates before its response is committed. */
  public void serveWrite(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String method = request.getMethod();
    String path = RequestFactsReader.path(request);
    BufferingResponseWrapper wrapper = new BufferingResponseWrapper(response, settings.maxBodySize(),
        w -> invalidator.invalidate(invalidationPolicy.keysFor(method, path, w.getStatus())));
    callOrigin(request, wrapper, chain);
    if (request.isAsyncStarted()) {
      wrapper.streamFromNowOn();
      return;
    }
    wrapper.finish();
  }

  /** Whether a request with this method might invalidate something and so must be buffered. */
  public boolean mayInvalidate(String method) {
    return invalidationPolicy.mayInvalidate(method);
  }

  private void callOrigin(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try (Timer.Context ignored = metrics.originTime().time()) {
      chain.doFilter(request, response);
    }
  }

  /** Deletes one entry by its logical key (the admin endpoint); empty when Redis did not answer. */
  public OptionalLong invalidate(String logicalKey) {
    return invalidator.invalidate(List.of(logicalKey));
  }

  public CacheStatistics statistics() {
    return new CacheStatistics(metrics.hits(), metrics.misses(), metrics.topKeys().top(TOP_KEYS_SHOWN),
        store.countEntries());
  }

  public CacheSettings settings() {
    return settings;
  }

  /** Closes the Redis client if this cache created it. */
  @Override
  public void close() {
    redis.close();
  }

  private static AsyncListener onComplete(Runnable action) {
    return new AsyncListener() {
      @Override
      public void onComplete(AsyncEvent event) {
        action.run();
      }

      @Override
      public void onTimeout(AsyncEvent event) {}

      @Override
      public void onError(AsyncEvent event) {}

      @Override
      public void onStartAsync(AsyncEvent event) {}
    };
  }
}
