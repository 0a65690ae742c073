package io.github.httpcache;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.github.httpcache.config.CacheSettings;
import io.github.httpcache.config.Route;
import io.github.httpcache.config.RouteTable.RouteMatch;
import io.github.httpcache.invalidate.InvalidationPolicy;
import io.github.httpcache.invalidate.Invalidator;
import io.github.httpcache.key.CacheKeys;
import io.github.httpcache.key.QueryParameter;
import io.github.httpcache.key.QueryString;
import io.github.httpcache.key.RedisKeys;
import io.github.httpcache.key.Variants;
import io.github.httpcache.metrics.CacheMetrics;
import io.github.httpcache.metrics.CacheStatistics;
import io.github.httpcache.policy.CacheStatusHeaders;
import io.github.httpcache.policy.CacheStatusHeaders.Forward;
import io.github.httpcache.policy.Lookup;
import io.github.httpcache.policy.LookupPolicy;
import io.github.httpcache.policy.RequestFacts;
import io.github.httpcache.servlet.BufferingResponseWrapper;
import io.github.httpcache.servlet.DetachedResponse;
import io.github.httpcache.servlet.FillRequest;
import io.github.httpcache.servlet.RequestFactsReader;
import io.github.httpcache.servlet.ResponseReplayer;
import io.github.httpcache.servlet.TagHidingResponse;
import io.github.httpcache.store.CachedResponse;
import io.github.httpcache.store.CircuitBreaker;
import io.github.httpcache.store.GuardedStore;
import io.github.httpcache.store.InvalidationBus;
import io.github.httpcache.store.InvalidationPlan;
import io.github.httpcache.store.NearCache;
import io.github.httpcache.store.RedisClients;
import io.github.httpcache.store.RedissonResponseStore;
import io.github.httpcache.store.StoreLookup;
import io.github.httpcache.store.VariantIndex;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache's components wired together, and the read and write algorithms the filter delegates
 * to: look up, replay or fill and store; run a write and invalidate before it commits.
 */
public final class HttpCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpCache.class);
  private static final int TOP_KEYS_SHOWN = 10;
  private static final long LEASE_POLL_MILLIS = 20;

  private final CacheSettings settings;
  private final RedisClients redis;
  private final GuardedStore store;
  private final CacheMetrics metrics;
  private final InvalidationPolicy invalidationPolicy;
  private final Invalidator invalidator;
  private final Clock clock;
  private final ScheduledExecutorService journalReplayer;
  private final Coalescer coalescer;
  private final Optional<NearCache> nearCache;
  private final Optional<InvalidationBus> bus;

  public HttpCache(CacheSettings settings, RedisClients redis, MetricRegistry registry, Clock clock) {
    this.settings = settings;
    this.redis = redis;
    this.clock = clock;
    this.metrics = new CacheMetrics(registry, settings.topKeysCapacity());
    RedissonResponseStore redisStore = new RedissonResponseStore(redis.client(), new RedisKeys(settings.namespace()),
        settings.redisTimeout(), settings.invalidationFence());
    CircuitBreaker breaker = new CircuitBreaker(settings.breakerFailureThreshold(), settings.breakerOpenDuration(), clock);
    this.store = new GuardedStore(redisStore, breaker, metrics, clock);
    this.invalidationPolicy = new InvalidationPolicy(settings.routeTable());
    this.nearCache = settings.nearCacheMaxBytes() > 0
        ? Optional.of(new NearCache(settings.nearCacheMaxBytes(), settings.nearCacheMaxAge(), clock))
        : Optional.empty();
    this.bus = nearCache.map(near -> new InvalidationBus(redis.client(), settings.namespace() + "~invalidations", near));
    this.invalidator = new Invalidator(store, metrics, settings.journalSize(), bus);
    this.coalescer = new Coalescer(settings.coalesceWait(), clock);
    this.journalReplayer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "http-cache-journal-replay");
      thread.setDaemon(true);
      return thread;
    });
    journalReplayer.scheduleWithFixedDelay(this::replayJournal, 250, 250, TimeUnit.MILLISECONDS);
    // Connect now, in the background, so the first request does not pay for it within its timeout.
    redis.client().getBucket(settings.namespace() + "~warm-up").isExistsAsync();
  }

  private void replayJournal() {
    try {
      if (invalidator.hasPending()) {
        invalidator.replayPending();
      }
    } catch (RuntimeException e) {
      log.warn("Replaying journaled invalidations failed; will retry", e);
    }
  }

  /** Serves a GET or HEAD on a cached route: from Redis when it can, else from the origin. */
  public void serveRead(HttpServletRequest request, HttpServletResponse response, FilterChain chain, RouteMatch match)
      throws IOException, ServletException {
    Route route = match.route();
    RequestFacts facts = RequestFactsReader.read(request, route);
    Lookup lookup = LookupPolicy.decide(facts, route);
    if (lookup != Lookup.LOOKUP) {
      bypass(lookup.reason(), request, response, chain);
      return;
    }
    if (invalidator.hasPending()) {
      bypass(CacheMetrics.BYPASS_PENDING_INVALIDATIONS, request, response, chain);
      return;
    }
    Optional<String> logicalKey = CacheKeys.logicalKey(facts, route, match.variables());
    if (logicalKey.isEmpty()) {
      bypass(CacheMetrics.BYPASS_KEY, request, response, chain);
      return;
    }
    String key = logicalKey.get();
    long nearEpoch = 0;
    if (nearCache.isPresent()) {
      Optional<CachedResponse> near = nearCache.get().get(key);
      if (near.isPresent()) {
        metrics.nearHit(key);
        ResponseReplayer.replay(near.get(), ResponseReplayer.Source.NEAR, facts, clock.instant(), response);
        return;
      }
      // Read before Redis: an invalidation arriving meanwhile keeps what Redis returns out of the near cache.
      nearEpoch = nearCache.get().epoch();
    }
    long startedAt = clock.millis();
    StoreLookup found = find(key);
    long generation = found.generation();
    Optional<VariantIndex> index = Optional.empty();
    Forward forward = Forward.URI_MISS;
    if (found.value() instanceof VariantIndex variants) {
      index = Optional.of(variants);
      forward = Forward.VARY_MISS;
      found = find(Variants.variantKey(key, variants.epoch(), variants.headerNames(),
          name -> Collections.list(request.getHeaders(name))));
    }
    Instant now = clock.instant();
    Optional<CachedResponse> staleIfError = Optional.empty();
    if (found.value() instanceof CachedResponse entry && !entry.isFreshAt(now)) {
      Duration stale = entry.staleFor(now);
      if (stale.compareTo(route.grace().staleWhileRevalidate()) < 0) {
        serveStaleAndRefresh(entry, key, generation, new MissFill.Lookup(key, generation, Forward.STALE, index,
            startedAt, nearEpoch, Optional.empty()), route, facts, request, response, chain);
        return;
      }
      staleIfError = stale.compareTo(route.grace().staleIfError()) < 0 ? Optional.of(entry) : Optional.empty();
      forward = Forward.STALE;
      found = new StoreLookup(StoreLookup.Outcome.ABSENT, null, generation);
    }
    if (found.outcome() == StoreLookup.Outcome.UNAVAILABLE) {
      bypass(CacheMetrics.BYPASS_STORE_UNAVAILABLE, request, response, chain);
    } else if (found.value() instanceof CachedResponse entry) {
      metrics.hit(key);
      if (index.isEmpty()) {
        long epochBefore = nearEpoch;
        nearCache.ifPresent(near -> near.put(key, entry, epochBefore));
      }
      ResponseReplayer.replay(entry, facts, now, response);
    } else {
      Optional<Coalescer.Flight> flight = Optional.empty();
      if (request.getMethod().equals("GET") && index.isEmpty()) {
        Coalescer.Flight joined = coalescer.join(key, generation);
        if (!joined.leads()) {
          Optional<CachedResponse> shared = joined.await();
          if (shared.isPresent()) {
            metrics.coalescedHit(key);
            ResponseReplayer.replay(shared.get(), ResponseReplayer.Source.COALESCED, facts, clock.instant(), response);
            return;
          }
        } else {
          flight = Optional.of(joined);
        }
      }
      GuardedStore.FillStart start = request.getMethod().equals("GET")
          ? store.beginFill(key, settings.fillLease()) : GuardedStore.FillStart.UNAVAILABLE;
      if (start == GuardedStore.FillStart.LEASED_ELSEWHERE) {
        // Another node is filling this key: wait (bounded) for its entry rather than call the origin too.
        Optional<CachedResponse> theirs = awaitOtherNode(key, generation);
        if (theirs.isPresent()) {
          store.endFill(key);
          flight.ifPresent(f -> f.land(theirs));
          metrics.coalescedHit(key);
          ResponseReplayer.replay(theirs.get(), ResponseReplayer.Source.COALESCED, facts, clock.instant(), response);
          return;
        }
      }
      metrics.miss(key);
      fill(route, new MissFill.Lookup(key, generation, forward, index, startedAt, nearEpoch, staleIfError), flight,
          start != GuardedStore.FillStart.UNAVAILABLE, facts, request, response, chain);
    }
  }

  /**
   * Polls for the entry another node's lease holder is storing, until it appears or the lease
   * comes free (the holder finished without storing, or died and its lease expired), bounded by
   * {@code cache.coalesce-wait}. A dead holder never blocks anyone past its lease.
   */
  private Optional<CachedResponse> awaitOtherNode(String key, long generation) {
    long deadline = clock.millis() + settings.coalesceWait().toMillis();
    while (clock.millis() < deadline) {
      try {
        Thread.sleep(LEASE_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
      StoreLookup found = store.find(key);
      if (found.value() instanceof CachedResponse entry && found.generation() == generation) {
        return Optional.of(entry);
      }
      if (found.outcome() == StoreLookup.Outcome.UNAVAILABLE
          || store.beginFill(key, settings.fillLease()) != GuardedStore.FillStart.LEASED_ELSEWHERE) {
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
    metrics.hit(key);
    metrics.staleServed();
    ResponseReplayer.replay(stale, CacheStatusHeaders.staleWhileRevalidate(stale.staleFor(clock.instant()).toSeconds()),
        facts, clock.instant(), response);
    response.flushBuffer();
    if (!request.getMethod().equals("GET")) {
      return;
    }
    Coalescer.Flight flight = coalescer.join(key, generation);
    if (!flight.leads()) {
      return;
    }
    boolean registered = store.beginFill(key, Optional.empty()) != GuardedStore.FillStart.UNAVAILABLE;
    MissFill refresh = new MissFill(this, route, facts, request, lookup, new DetachedResponse(), Optional.of(flight),
        registered);
    try {
      callOrigin(new FillRequest(request, refresh.response(), FillRequest.Validators.HIDDEN, refresh::complete),
          refresh.response(), chain);
      if (!request.isAsyncStarted()) {
        refresh.complete();
      }
    } catch (IOException | ServletException | RuntimeException e) {
      refresh.abandon();
      log.warn("Refreshing the stale entry {} failed; it is served until stale-while-revalidate runs out", key, e);
    }
  }


  private StoreLookup find(String key) {
    try (Timer.Context ignored = metrics.lookupTime().time()) {
      return store.find(key);
    }
  }

  private void bypass(String reason, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    metrics.bypass(reason);
    response.setHeader(ResponseReplayer.X_CACHE, "BYPASS");
    response.setHeader(CacheStatusHeaders.NAME, CacheStatusHeaders.bypass(reason));
    callOrigin(request, hidingTags(response), chain);
  }

  /** The origin's tag header is for the cache alone, whether or not this response is stored. */
  private HttpServletResponse hidingTags(HttpServletResponse response) {
    return new TagHidingResponse(response, settings.tagHeader());
  }

  private void fill(Route route, MissFill.Lookup lookup, Optional<Coalescer.Flight> flight, boolean registered,
      RequestFacts facts, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getMethod().equals("HEAD")) {
      // HEAD reads the GET entry but never fills it: it has no body to store.
      response.setHeader(ResponseReplayer.X_CACHE, "MISS");
      response.setHeader(CacheStatusHeaders.NAME, CacheStatusHeaders.forwarded(Forward.URI_MISS, null));
      callOrigin(request, hidingTags(response), chain);
      return;
    }
    MissFill fill = new MissFill(this, route, facts, request, lookup, response, flight, registered);
    // The origin answers in full (no validators), so the cache can store it and judge them itself.
    FillRequest origin = new FillRequest(request, fill.response(), FillRequest.Validators.HIDDEN, fill::complete);
    try {
      callOrigin(origin, fill.response(), chain);
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

  /** Runs a write; if it succeeds, deletes what it invalidates before its response is committed. */
  public void serveWrite(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String method = request.getMethod();
    String path = RequestFactsReader.path(request);
    List<QueryParameter> query = QueryString.parse(request.getQueryString());
    BufferingResponseWrapper wrapper = new BufferingResponseWrapper(response, settings.maxBodySize(),
        w -> invalidator.invalidate(invalidationPolicy.planFor(method, path, query, w.getStatus())),
        settings.tagHeader());
    FillRequest origin = new FillRequest(request, wrapper, FillRequest.Validators.FORWARDED, () -> finish(wrapper));
    callOrigin(origin, wrapper, chain);
    if (!origin.isAsyncStarted()) {
      wrapper.finish();
    }
  }

  private static void finish(BufferingResponseWrapper wrapper) {
    try {
      wrapper.finish();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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

  /** Carries out an invalidation (the admin endpoint); how many entries went, empty when Redis did not answer. */
  public OptionalLong invalidate(InvalidationPlan plan) {
    return invalidator.invalidate(plan);
  }

  public CacheStatistics statistics() {
    return new CacheStatistics(metrics.hits(), metrics.misses(), metrics.topKeys().top(TOP_KEYS_SHOWN),
        store.countEntries());
  }

  public CacheSettings settings() {
    return settings;
  }

  CacheMetrics metrics() {
    return metrics;
  }

  GuardedStore store() {
    return store;
  }

  Clock clock() {
    return clock;
  }

  Optional<NearCache> nearCache() {
    return nearCache;
  }

  /** Stops the journal replay and closes the Redis client if this cache created it. */
  @Override
  public void close() {
    journalReplayer.shutdownNow();
    bus.ifPresent(InvalidationBus::close);
    redis.close();
  }
}
