package io.github.httpcache.store;

import io.github.httpcache.config.CacheSettings;
import io.github.httpcache.config.ConfigParser;
import io.github.httpcache.testing.RedisFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * What a pattern purge and a purge-all cost beside unrelated keys (issue 20, item 1): one real
 * {@code redis-server} (debug commands on, for {@code DEBUG POPULATE}), {@value #MATCHING} entries
 * saved through the store under the route {@code users} and {@value #OTHERS} under {@code posts},
 * then 10^6 and 10^7 unrelated keys. For each size: the pattern purge {@code GET:/api/users/*}
 * and a purge-all through the store (median of {@value #ROUNDS}, the entries saved again before
 * each; Redis's own share from {@code INFO commandstats}), and, for comparison, the walk the store made before the key index (SCAN MATCH over every
 * key, 500 a page, UNLINK of each page's matches), timed once. Prints a table; asserts nothing.
 * The purges run with the default {@code redis.timeout} (100 ms per exchange); the setup's saves
 * with 5 s, so a loaded machine does not stop the run.
 *
 * <p>Run: {@code mvn -q -o install -DskipTests -pl benchmarks -am && mvn -q -o -pl benchmarks exec:java
 * -Dbench.main=io.github.httpcache.store.PurgeBenchmark} (about 2 minutes, 1.5 GB of Redis memory);
 * {@code -Dpurge.unrelated=1000000} measures one size only.
 */
public final class PurgeBenchmark {
  static final int MATCHING = 10_000;
  static final int OTHERS = 1_000;
  static final int ROUNDS = 5;
  private static final String NAMESPACE = "bench:";
  private static final Duration TTL = Duration.ofMinutes(10);

  private PurgeBenchmark() {}

  /** The store measured (the default {@code redis.timeout}, 100 ms an exchange), and one with time to spare for the setup's saves. */
  private record Stores(ResponseStore measured, ResponseStore setup) {}

  private static CacheSettings settings(RedisFixture redis, String timeout) {
    return ConfigParser.parse(Map.of("redis.url", redis.url(), "cache.namespace", NAMESPACE, "redis.timeout", timeout,
        "route.users.path", "/api/users/{id}", "route.users.ttl", "10m",
        "route.posts.path", "/api/posts/{id}", "route.posts.ttl", "10m"));
  }

  public static void main(String[] args) {
    List<String> rows = new ArrayList<>();
    try (RedisFixture redis = RedisFixture.startProcess(List.of("--enable-debug-command", "yes"));
        Jedis admin = new Jedis(new HostAndPort(redis.host(), redis.port()),
            DefaultJedisClientConfig.builder().socketTimeoutMillis(600_000).build())) {
      CacheSettings settings = settings(redis, "100ms");
      CacheSettings setupSettings = settings(redis, "5s");
      RedisClients clients = RedisClients.create(settings, PurgeBenchmark.class.getClassLoader());
      RedisClients setupClients = RedisClients.create(setupSettings, PurgeBenchmark.class.getClassLoader());
      try {
        Stores stores = new Stores(clients.responseStore(settings), setupClients.responseStore(setupSettings));
        warmUp(stores);
        for (String size : System.getProperty("purge.unrelated", "1000000,10000000").split(",")) {
          long unrelated = Long.parseLong(size.trim());
          populate(admin, unrelated);
          rows.add(measure(stores, admin, unrelated));
        }
      } finally {
        clients.close();
        setupClients.close();
      }
      System.out.printf("%nredis-server %s, %d matching entries, %d other entries of the namespace%n",
          admin.info("server").lines().filter(l -> l.startsWith("redis_version:")).findFirst().orElse("?"), MATCHING,
          OTHERS);
      System.out.println("| unrelated keys | DBSIZE | pattern purge, ms: median of " + ROUNDS
          + " (range) | purge-all, ms: median (range) | before: SCAN pattern purge, ms | before: SCAN purge-all, ms |");
      System.out.println("|---|---|---|---|---|---|");
      rows.forEach(System.out::println);
    }
  }

  private static void populate(Jedis admin, long unrelated) {
    long started = System.nanoTime();
    // Keys "key:0" .. "key:N-1" (existing ones are kept), as a shared Redis holds other applications' data.
    admin.sendCommand(() -> "DEBUG".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "POPULATE",
        Long.toString(unrelated));
    System.out.printf("DEBUG POPULATE %d: %.1f s, DBSIZE %d%n", unrelated, (System.nanoTime() - started) / 1e9,
        admin.dbSize());
  }

  private static void warmUp(Stores stores) {
    for (int i = 0; i < 3; i++) {
      saveEntries(stores.setup(), "users", "GET:/api/users/", MATCHING / 10);
      stores.measured().invalidate(InvalidationPlan.ofPattern("GET:/api/users/*"));
      stores.measured().invalidate(InvalidationPlan.everything());
    }
  }

  private static String measure(Stores stores, Jedis admin, long unrelated) {
    ResponseStore store = stores.measured();
    saveEntries(stores.setup(), "posts", "GET:/api/posts/", OTHERS);
    List<Double> pattern = new ArrayList<>();
    List<Double> everything = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      saveEntries(stores.setup(), "users", "GET:/api/users/", MATCHING);
      long before = redisMicros(admin);
      pattern.add(timed(() -> store.invalidate(InvalidationPlan.ofPattern("GET:/api/users/*")), MATCHING));
      System.out.printf("pattern purge: %.1f ms, of which Redis busy %.1f ms%n", pattern.get(round),
          (redisMicros(admin) - before) / 1e3);
      saveEntries(stores.setup(), "users", "GET:/api/users/", MATCHING);
      saveEntries(stores.setup(), "posts", "GET:/api/posts/", OTHERS);
      everything.add(timed(() -> store.invalidate(InvalidationPlan.everything()), MATCHING + OTHERS));
      System.out.printf("purge-all: %.1f ms%n", everything.get(round));
    }
    saveEntries(stores.setup(), "users", "GET:/api/users/", MATCHING);
    double scanPattern = timed(() -> scanAndUnlink(admin, NAMESPACE + "GET:/api/users/*"), MATCHING);
    saveEntries(stores.setup(), "users", "GET:/api/users/", MATCHING);
    saveEntries(stores.setup(), "posts", "GET:/api/posts/", OTHERS);
    // The old purge-all matched every key of the namespace; the entries alone are what it removed.
    double scanAll = timed(() -> scanAndUnlink(admin, NAMESPACE + "GET:*"), MATCHING + OTHERS);
    return String.format("| %,d | %,d | %.1f (%s) | %.1f (%s) | %.0f | %.0f |", unrelated, admin.dbSize(),
        median(pattern), range(pattern), median(everything), range(everything), scanPattern, scanAll);
  }

  /**
   * Milliseconds {@code purge} took; NaN, reported, if an exchange overran {@code redis.timeout} (a
   * loaded machine: the write would have been journaled). Fails the run if it removed other than {@code expected}.
   */
  private static double timed(LongSupplier purge, long expected) {
    long started = System.nanoTime();
    long removed;
    try {
      removed = purge.getAsLong();
    } catch (StoreUnavailableException e) {
      System.out.println("purge failed (it would have been journaled): " + e.getMessage());
      return Double.NaN;
    }
    double millis = (System.nanoTime() - started) / 1e6;
    if (removed != expected) {
      throw new IllegalStateException("removed " + removed + " entries, expected " + expected);
    }
    return millis;
  }

  /** The store's walk before the key index (NamespaceScan): SCAN every key, 500 a page, UNLINK the matches. */
  private static long scanAndUnlink(Jedis admin, String pattern) {
    ScanParams params = new ScanParams().match(pattern).count(500);
    long removed = 0;
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = admin.scan(cursor, params);
      if (!page.getResult().isEmpty()) {
        removed += admin.unlink(page.getResult().toArray(String[]::new));
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return removed;
  }

  /** Saves {@code count} entries as fills do: a lookup, then the fenced save under the generation it saw. */
  private static void saveEntries(ResponseStore store, String route, String prefix, int count) {
    byte[] body = new byte[512];
    for (int i = 0; i < count; i++) {
      String key = prefix + i;
      long seen = store.find(key).map(Versioned::generation).orElse(Versioned.NONE);
      CachedResponse entry = new CachedResponse(200, List.of(new StoredHeader("Content-Type", "application/json")),
          body, Instant.now(), TTL, "\"e\"", CachedResponse.BodyEncoding.AS_SENT, body.length);
      FillRecord.Outcome outcome = store.save(new FillRecord(route, key, seen, Optional.empty(), key, entry, TTL,
          Set.of(), Optional.empty(), false));
      if (outcome != FillRecord.Outcome.STORED) {
        throw new IllegalStateException(key + ": " + outcome);
      }
    }
  }

  /** Microseconds Redis spent in commands so far ({@code INFO commandstats}). */
  private static long redisMicros(Jedis admin) {
    // Top-level commands only: those a script calls are counted again under their own names.
    return admin.info("commandstats").lines().filter(line -> line.matches("cmdstat_(eval|zscan|smembers|info|wait):.*"))
        .mapToLong(line -> Long.parseLong(line.replaceAll(".*[:,]usec=(\\d+),.*", "$1"))).sum();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().filter(value -> !value.isNaN()).sorted().toList();
    return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
  }

  /** Fastest to slowest, and how many overran the timeout. */
  private static String range(List<Double> values) {
    List<Double> sorted = values.stream().filter(value -> !value.isNaN()).sorted().toList();
    long failed = values.size() - sorted.size();
    return sorted.isEmpty() ? "all failed" : String.format("%.1f–%.1f%s", sorted.get(0), sorted.get(sorted.size() - 1),
        failed == 0 ? "" : ", " + failed + " overran");
  }
}
