package io.github.httpcache;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import io.github.httpcache.config.CacheSettings;
import io.github.httpcache.config.Route;
import io.github.httpcache.config.RouteTable.RouteMatch;
import io.github.httpcache.invalidate.InvalidationPolicy;
import io.github.httpcache.invalidate.Invalidator;
import io.github.httpcache.key.QueryParameter;
import io.github.httpcache.key.QueryString;
import io.github.httpcache.metrics.CacheMetrics;
import io.github.httpcache.metrics.CacheStatistics;
import io.github.httpcache.metrics.DashboardFigures;
import io.github.httpcache.metrics.HitRatioHistory;
import io.github.httpcache.metrics.MetricNames;
import io.github.httpcache.metrics.ThrottledCount;
import io.github.httpcache.servlet.BufferingResponseWrapper;
import io.github.httpcache.servlet.FillMemory;
import io.github.httpcache.servlet.FillRequest;
import io.github.httpcache.servlet.RequestFactsReader;
import io.github.httpcache.store.CircuitBreaker;
import io.github.httpcache.store.GuardedStore;
import io.github.httpcache.store.InvalidationBus;
import io.github.httpcache.store.InvalidationPlan;
import io.github.httpcache.store.NearCache;
import io.github.httpcache.store.RedisClients;
import io.github.httpcache.store.ResponseStore;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
  /** The dashboard polls every few seconds; while nothing changes here, SCAN for the entry count at most this often. */
  private static final Duration ENTRY_COUNT_MAX_AGE = Duration.ofSeconds(30);
  /** After this node stores or invalidates, the next count walks again, but at most this often. */
  private static final Duration ENTRY_COUNT_MIN_INTERVAL = Duration.ofMillis(250);

  private final CacheSettings settings;
  private final RedisClients redis;
  private final GuardedStore store;
  private final CacheMetrics metrics;
  private final InvalidationPolicy invalidationPolicy;
  private final Invalidator invalidator;
  private final Clock clock;
  private final Optional<JmxReporter> jmx;
  private final ScheduledExecutorService background;
  private final HitRatioHistory hitRatioHistory;
  private final ThrottledCount entryCount;
  private final ReadExecutor reads;
  private final CacheParts parts;
  private final Optional<NearCache> nearCache;
  private final Optional<InvalidationBus> bus;
  /** What all fills in progress together may buffer ({@code cache.fill-memory}). */
  private final FillMemory fillMemory;

  public HttpCache(CacheSettings settings, RedisClients redis, MetricRegistry registry, Clock clock) {
    this.settings = settings;
    this.redis = redis;
    this.clock = clock;
    this.metrics = new CacheMetrics(registry, settings.topKeysCapacity(),
        settings.routeTable().routes().stream().map(Route::name).toList());
    this.jmx = settings.jmxDomain().map(domain -> {
      JmxReporter reporter = JmxReporter.forRegistry(registry).inDomain(domain)
          .filter((name, metric) -> name.startsWith(MetricNames.PREFIX)).build();
      reporter.start();
      return reporter;
    });
    ResponseStore redisStore = redis.responseStore(settings);
    this.store = new GuardedStore(redisStore, breaker(settings, clock), metrics, clock, settings.pauseWait());
    this.invalidationPolicy = new InvalidationPolicy(settings.routeTable());
    this.nearCache = settings.nearCacheMaxBytes() > 0
        ? Optional.of(new NearCache(settings.nearCacheMaxBytes(), settings.nearCacheMaxAge(), clock))
        : Optional.empty();
    this.bus = nearCache.map(near -> redis.invalidationBus(settings.namespace() + "~invalidations", near));
    this.invalidator = new Invalidator(store, metrics, settings.journalSize(), bus, settings.invalidationWait());
    this.fillMemory = new FillMemory(settings.fillMemory());
    metrics.registerFillMemory(fillMemory::reserved);
    this.parts = new CacheParts(settings, store, metrics, clock, nearCache, fillMemory);
    this.reads = new ReadExecutor(parts, new FillStarter(parts, new Coalescer(settings.coalesceWait(), clock)),
        invalidator::pendingFor);
    this.hitRatioHistory = new HitRatioHistory(clock, HitRatioHistory.DEFAULT_INTERVAL, HitRatioHistory.DEFAULT_WINDOW);
    hitRatioHistory.sample(metrics.hits(), metrics.misses());
    this.entryCount = new ThrottledCount(store::countEntries, ENTRY_COUNT_MAX_AGE, ENTRY_COUNT_MIN_INTERVAL,
        metrics::changes, clock);
    this.background = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "http-cache-background");
      thread.setDaemon(true);
      return thread;
    });
    // Often: while a journaled invalidation waits, other nodes may serve what it names once Redis is back.
    background.scheduleWithFixedDelay(this::replayJournal, 50, 50, TimeUnit.MILLISECONDS);
    long sampleMillis = hitRatioHistory.interval().toMillis();
    background.scheduleAtFixedRate(this::sampleHitRatio, sampleMillis, sampleMillis, TimeUnit.MILLISECONDS);
  }

  /** Opens first for twice {@code redis.timeout}: a Redis that paused a moment is tried again within that moment. */
  private static CircuitBreaker breaker(CacheSettings settings, Clock clock) {
    return new CircuitBreaker(settings.breakerFailureThreshold(), settings.redisTimeout().multipliedBy(2),
        settings.breakerOpenDuration(), clock);
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

  /** A throwing periodic task is cancelled for good, so nothing may escape. */
  private void sampleHitRatio() {
    try {
      hitRatioHistory.sample(metrics.hits(), metrics.misses());
    } catch (RuntimeException e) {
      log.warn("Sampling the hit ratio failed; will retry", e);
    }
  }

  /** Serves a GET or HEAD on a cached route: from Redis when it can, else from the origin. */
  public void serveRead(HttpServletRequest request, HttpServletResponse response, FilterChain chain, RouteMatch match)
      throws IOException, ServletException {
    reads.serve(request, response, chain, match);
  }

  /** Runs a write; if it succeeds, deletes what it invalidates before its response is committed. */
  public void serveWrite(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String method = request.getMethod();
    String path = RequestFactsReader.path(request);
    List<QueryParameter> query = QueryString.parse(request.getQueryString());
    BufferingResponseWrapper wrapper = new BufferingResponseWrapper(response, settings.maxBodySize(),
        w -> invalidator.invalidate(invalidationPolicy.planFor(method, path, query, w.getStatus(), targets(request, w))),
        settings.tagHeader());
    FillRequest origin = FillRequest.forWrite(request, wrapper, () -> finish(wrapper));
    parts.callOrigin(origin, wrapper, chain);
    if (!origin.isAsyncStarted()) {
      wrapper.finish();
    }
  }

  /**
   * The write response's {@code Location} and {@code Content-Location}, when they point into this
   * application on the same origin (RFC 9111 §4.4 never lets one origin invalidate another's URIs).
   */
  private static List<InvalidationPolicy.Target> targets(HttpServletRequest request, HttpServletResponse response) {
    List<InvalidationPolicy.Target> targets = new ArrayList<>();
    for (String name : List.of("Location", "Content-Location")) {
      String value = response.getHeader(name);
      if (value == null || value.isBlank()) {
        continue;
      }
      try {
        URI base = URI.create(request.getRequestURL().toString());
        URI target = base.resolve(value.trim());
        String context = request.getContextPath();
        if (sameOrigin(base, target) && target.getRawPath() != null && target.getRawPath().startsWith(context + "/")) {
          targets.add(new InvalidationPolicy.Target(target.getRawPath().substring(context.length()),
              QueryString.parse(target.getRawQuery())));
        }
      } catch (IllegalArgumentException e) {
        log.debug("Ignoring an unparsable {} for invalidation: {}", name, value);
      }
    }
    return targets;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
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



  /** Carries out an invalidation (the admin endpoint); how many entries went, empty when Redis did not answer. */
  public OptionalLong invalidate(InvalidationPlan plan) {
    return invalidator.invalidate(plan);
  }

  /** The figures of {@code /metrics/cache}; the entry count is at most 30 s old: polling must not SCAN Redis. */
  public CacheStatistics statistics() {
    return new CacheStatistics(metrics.hits(), metrics.misses(), metrics.topKeys().top(TOP_KEYS_SHOWN),
        entryCount.get());
  }

  /** The admin dashboard's figures for this node; the entry count is at most 30 s old. */
  public DashboardFigures dashboard() {
    long hits = metrics.hits();
    long misses = metrics.misses();
    return new DashboardFigures(hits, misses, metrics.storedBytes(), entryCount.get(),
        hitRatioHistory.interval(), hitRatioHistory.window(), hitRatioHistory.points(hits, misses),
        metrics.routeStatistics(), metrics.topKeys().top(TOP_KEYS_SHOWN), metrics.recentUnkeyedInputs());
  }

  public CacheSettings settings() {
    return settings;
  }

  /** For tests: what fills hold of the fill-memory budget now. */
  FillMemory fillMemory() {
    return fillMemory;
  }

  /** Stops the journal replay and hit-ratio sampling, and closes the Redis client if this cache created it. */
  @Override
  public void close() {
    background.shutdownNow();
    jmx.ifPresent(JmxReporter::stop);
    bus.ifPresent(InvalidationBus::close);
    redis.close();
  }
}
