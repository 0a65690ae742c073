package io.github.httpcache.metrics;

import static io.github.httpcache.metrics.MetricNames.*;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.github.httpcache.policy.Lookup;
import io.github.httpcache.policy.ReadPolicy;
import io.github.httpcache.policy.StoreDecision;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The cache's counters and timers in a Dropwizard registry, registered eagerly so every series
 * exists (at zero) from the first scrape, plus the bounded per-key counter behind {@code top_keys}.
 */
public final class CacheMetrics {
  /** Why a routed request skipped the cache besides the lookup policy: Redis did not answer. */
  public static final String BYPASS_STORE_UNAVAILABLE = ReadPolicy.BYPASS_STORE_UNAVAILABLE;

  /** Invalidations are waiting for Redis, so stored entries cannot be trusted yet. */
  public static final String BYPASS_PENDING_INVALIDATIONS = ReadPolicy.BYPASS_PENDING_INVALIDATIONS;

  /** The route's key template has a placeholder the request does not fill. */
  public static final String BYPASS_KEY = ReadPolicy.BYPASS_KEY;

  /** A miss on a path sent with more than the key holds (path parameters, dot segments). */
  public static final String BYPASS_PATH = ReadPolicy.BYPASS_PATH;

  private static final String[] STORE_OPERATIONS = {"find", "save", "delete", "count"};

  private final MetricRegistry registry;
  private final Counter hits;
  private final Counter misses;
  private final Counter coalesced;
  private final Counter collapsed;
  private final Counter pauseWaits;
  private final Counter nearHits;
  private final Counter staleServed;
  private final Counter stores;
  private final Counter invalidations;
  private final Map<String, Counter> bypasses = new ConcurrentHashMap<>();
  private final Map<StoreDecision, Counter> skips = new EnumMap<>(StoreDecision.class);
  private final Map<String, Counter> storeErrors = new ConcurrentHashMap<>();
  private final Map<String, Counter> storeRefusals = new ConcurrentHashMap<>();
  private final Timer lookupTime;
  private final Timer originTime;
  private final Timer saveTime;
  private final TopKeys topKeys;
  private final RecentInputs recentInputs = new RecentInputs(java.time.Clock.systemUTC());
  private final Counter storedBytes;
  private final Map<String, Map<String, Counter>> perRoute = new ConcurrentHashMap<>();

  public CacheMetrics(MetricRegistry registry, int topKeysCapacity, List<String> routes) {
    this.registry = registry;
    routes.forEach(this::routeCounters);
    this.storedBytes = registry.counter(STORED_BYTES);
    this.hits = registry.counter(HITS);
    this.misses = registry.counter(MISSES);
    this.coalesced = registry.counter(COALESCED);
    this.collapsed = registry.counter(COLLAPSED);
    this.pauseWaits = registry.counter(PAUSE_WAITS);
    this.nearHits = registry.counter(NEAR_HITS);
    this.staleServed = registry.counter(STALE_SERVED);
    this.stores = registry.counter(STORES);
    this.invalidations = registry.counter(INVALIDATIONS);
    for (Lookup lookup : Lookup.values()) {
      if (lookup != Lookup.LOOKUP) {
        bypasses.put(lookup.reason(), registry.counter(tagged(BYPASSES, lookup.reason())));
      }
    }
    for (String reason : new String[] {BYPASS_STORE_UNAVAILABLE, BYPASS_PENDING_INVALIDATIONS, BYPASS_KEY, BYPASS_PATH}) {
      bypasses.put(reason, registry.counter(tagged(BYPASSES, reason)));
    }
    for (StoreDecision decision : StoreDecision.values()) {
      if (decision != StoreDecision.STORE) {
        skips.put(decision, registry.counter(tagged(STORE_SKIPS, decision.reason())));
      }
    }
    for (String operation : STORE_OPERATIONS) {
      storeErrors.put(operation, registry.counter(tagged(STORE_ERRORS, operation)));
      storeRefusals.put(operation, registry.counter(tagged(STORE_REFUSALS, operation)));
    }
    // Every hit and miss records into these from many threads: the lock-free reservoir, not the default's lock.
    this.lookupTime = registry.timer(LOOKUP_TIME, CacheMetrics::lockFreeTimer);
    this.originTime = registry.timer(ORIGIN_TIME, CacheMetrics::lockFreeTimer);
    this.saveTime = registry.timer(SAVE_TIME, CacheMetrics::lockFreeTimer);
    this.topKeys = new TopKeys(topKeysCapacity);
  }

  /** A route's counters, registered when the route table is read (and on first use otherwise). */
  private Map<String, Counter> routeCounters(String route) {
    Map<String, Counter> known = perRoute.get(route);
    if (known != null) {
      return known; // every hit asks: no capturing lambda for a route already known
    }
    return perRoute.computeIfAbsent(route, name -> {
      Map<String, Counter> counters = new java.util.HashMap<>();
      ROUTE_COUNTERS.forEach(what -> counters.put(what, registry.counter(perRoute(name, what))));
      return Map.copyOf(counters);
    });
  }

  public void hit(String route, String logicalKey) {
    hits.inc();
    routeCounters(route).get("hits").inc();
    topKeys.record(logicalKey);
  }

  /** A stale entry went to a client. */
  public void staleServed() {
    staleServed.inc();
  }

  /** A hit from the near cache. */
  public void nearHit(String route, String logicalKey) {
    hit(route, logicalKey);
    nearHits.inc();
  }

  /** A hit served from a concurrent fill of the same key. */
  public void coalescedHit(String route, String logicalKey) {
    hit(route, logicalKey);
    coalesced.inc();
  }

  /** Not a top key: a miss that is never stored (a 404, a flood of random URLs) must not push real keys out. */
  public void miss(String route, String logicalKey) {
    misses.inc();
    routeCounters(route).get("misses").inc();
  }

  /** A lookup that waited for a paused Redis (see {@link MetricNames#PAUSE_WAITS}). */
  public void pauseWaited() {
    pauseWaits.inc();
  }

  /** A bypass that shared another request's origin call (see {@link MetricNames#COLLAPSED}). */
  public void collapsed() {
    collapsed.inc();
  }

  public void bypass(String route, String reason) {
    // Counted under its reason even if no list above names it: a metric must never fail a request.
    bypasses.computeIfAbsent(reason, unlisted -> registry.counter(tagged(BYPASSES, unlisted))).inc();
    routeCounters(route).get("bypasses").inc();
  }

  /** An entry was saved: its key enters the top keys (with its hits, the only ones that do). */
  public void stored(String route, String logicalKey, long bytes) {
    stores.inc();
    topKeys.record(logicalKey);
    storedBytes.inc(bytes);
    Map<String, Counter> counters = routeCounters(route);
    counters.get("stores").inc();
    counters.get("stored-bytes").inc(bytes);
  }

  public void skipped(StoreDecision decision) {
    skips.get(decision).inc();
  }

  /** A fill whose page read {@code input}, which its key does not hold: refused, or stored with a warning. */
  public void unkeyedInput(String route, String input) {
    routeCounters(route).get("unkeyed-inputs").inc();
    registry.counter(MetricNames.UNKEYED_INPUT + "." + route + "." + input).inc();
    recentInputs.record(route, input);
  }

  /** Per route and input, how many fills met it in the last 15 minutes. */
  public Map<String, Map<String, Long>> recentUnkeyedInputs() {
    return recentInputs.lastWindow();
  }

  public void invalidated(long entries) {
    invalidations.inc(entries);
  }

  public void storeError(String operation) {
    storeErrors.get(operation).inc();
  }

  public void storeRefused(String operation) {
    storeRefusals.get(operation).inc();
  }

  public void registerJournalSize(IntSupplier size) {
    registry.gauge(JOURNAL_SIZE, () -> (Gauge<Integer>) size::getAsInt);
  }

  public void registerBreakerState(IntSupplier state) {
    registry.gauge(BREAKER_STATE, () -> (Gauge<Integer>) state::getAsInt);
  }

  public void registerFillMemory(java.util.function.LongSupplier reserved) {
    registry.gauge(FILL_MEMORY, () -> (Gauge<Long>) reserved::getAsLong);
  }

  public Timer lookupTime() {
    return lookupTime;
  }

  public Timer originTime() {
    return originTime;
  }

  public Timer saveTime() {
    return saveTime;
  }

  public long hits() {
    return hits.getCount();
  }

  public long misses() {
    return misses.getCount();
  }

  public TopKeys topKeys() {
    return topKeys;
  }

  /** Entries this node stored or invalidated so far: moves whenever it changed what Redis holds. */
  public long changes() {
    return stores.getCount() + invalidations.getCount();
  }

  /** Bytes of bodies written to Redis since this registry started (not what Redis holds now). */
  public long storedBytes() {
    return storedBytes.getCount();
  }

  /** Every route's counters, by route name. */
  public List<RouteStatistics> routeStatistics() {
    return perRoute.entrySet().stream()
        .map(route -> new RouteStatistics(route.getKey(), count(route, "hits"), count(route, "misses"),
            count(route, "bypasses"), count(route, "stores"), count(route, "stored-bytes")))
        .sorted(Comparator.comparing(RouteStatistics::route))
        .toList();
  }

  private static long count(Map.Entry<String, Map<String, Counter>> route, String what) {
    return route.getValue().get(what).getCount();
  }

  private static Timer lockFreeTimer() {
    return new Timer(LockFreeExponentiallyDecayingReservoir.builder().build());
  }
}
