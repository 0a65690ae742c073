package io.github.httpcache.benchmarks;

import io.github.httpcache.metrics.MetricNames;
import io.github.httpcache.testing.RedisClusterFixture;
import io.github.httpcache.testing.RedisFixture;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * End-to-end throughput and latency of the cache on this machine, loopback only, bounded in time.
 * One Jetty 12 serves, for bodies of 1 KiB and 64 KiB: (a) a bare servlet answering a constant
 * body, the limit; (b) the same origin uncached after 20 ms of simulated work; (c) a cache hit from
 * Redis; (d) a near-cache hit; (e) a miss, a fresh key every request, over (b)'s
 * origin; (f) a cache hit from a three-master Redis Cluster (local processes); (g) a bare filter
 * replaying bodies from a ConcurrentHashMap, the in-process limit (d) is held to. Load comes from
 * {@code wrk} when it is installed (a separate process), else from a Java
 * client in this JVM. Each row prints req/s, p50, p99 and its throughput ratio to (a). Nothing is
 * asserted: these are figures for docs/performance.md.
 *
 * <p>Run: {@code mvn -q -DskipTests install && mvn -q -pl benchmarks exec:java} (options:
 *  {@code -Dbench.seconds=10 -Dbench.connections=16 -Dbench.rows=abcdefg -Dbench.sizes=1024,65536 -Dbench.rounds=1 -Dbench.warm-up-rounds=1}).
 */
public final class EndToEndBenchmark {
  private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
  private static final Duration WARM_UP = Duration.ofSeconds(Math.max(2, RUN.toSeconds() / 3));
  private static final int CONNECTIONS = Integer.getInteger("bench.connections", 16);
  /** Which rows to run, by letter: {@code -Dbench.rows=ac} runs only the limit and the Redis hit. */
  private static final String ROWS = System.getProperty("bench.rows", "abcdefg");
  /** How many times to run every row, interleaved, reporting each row's medians: {@code -Dbench.rounds=3}. */
  private static final int ROUNDS = Math.max(1, Integer.getInteger("bench.rounds", 1));
  /** Unmeasured passes over every row first, so no round measures code the JIT has not compiled yet. */
  private static final int WARM_UP_ROUNDS = Math.max(0, Integer.getInteger("bench.warm-up-rounds", 1));
  /** Body sizes in bytes, comma-separated. */
  private static final int[] SIZES = java.util.Arrays.stream(System.getProperty("bench.sizes", "1024,65536").split(","))
      .map(String::trim).mapToInt(Integer::parseInt).toArray();

  private EndToEndBenchmark() {}

  record Row(String name, String path, boolean uniqueKeys) {}

  public static void main(String[] args) throws Exception {
    try (RedisFixture redis = RedisFixture.startProcess();
        RedisClusterFixture cluster = RedisClusterFixture.start(3)) {
      Server server = start(redis.url(), cluster.nodes());
      try {
        int port = BenchServers.port(server);
        boolean wrk = WrkLoad.available();
        System.out.printf("%nhttp-cache end-to-end benchmark, %s, %d cores, Java %s, load by %s, %d connections, %d s a row%s%n%n",
            LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
            wrk ? "wrk" : "the Java client (wrk not installed)", CONNECTIONS, RUN.toSeconds(),
            ROUNDS > 1 ? ", " + ROUNDS + " rounds (medians; ratio range over the rounds)" : "");
        Map<String, List<Measured>> measured = new LinkedHashMap<>();
        List<String> missBreakdown = new ArrayList<>();
        warmUp(wrk, port);
        for (int round = 1; round <= ROUNDS; round++) {
          for (int size : SIZES) {
            double limit = 0;
            for (Row row : selectedRows(size)) {
              String url = "http://127.0.0.1:" + port + row.path();
              load(wrk, url, WARM_UP, row.uniqueKeys());
              LoadResult result = load(wrk, url, RUN, row.uniqueKeys());
              if (limit == 0) {
                limit = result.requestsPerSecond();
              }
              measured.computeIfAbsent(row.name() + " | " + label(size), k -> new ArrayList<>())
                  .add(new Measured(result, result.requestsPerSecond() / limit));
              if (ROUNDS > 1) {
                System.out.printf("round %d: %s %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms%n", round, row.name(),
                    label(size), result.requestsPerSecond(), result.p50Millis(), result.p99Millis());
              }
              if (row.uniqueKeys()) {
                missBreakdown.add(label(size) + (ROUNDS > 1 ? " (round " + round + ")" : "") + ": " + phases(server));
              }
            }
          }
        }
        System.out.printf("%n| row | body | req/s | p50 ms | p99 ms | ratio to (a) |%n|---|---|---|---|---|---|%n");
        measured.forEach((row, runs) -> {
          long errors = runs.stream().mapToLong(m -> m.result().errors()).sum();
          System.out.printf("| %s | %.0f | %.2f | %.2f | %s |%s%n", row,
              median(runs, m -> m.result().requestsPerSecond()), median(runs, m -> m.result().p50Millis()),
              median(runs, m -> m.result().p99Millis()), ratios(runs), errors > 0 ? " (" + errors + " errors)" : "");
        });
        printNearAgainstMap(measured);
        if (!missBreakdown.isEmpty()) {
          System.out.printf("%nWhere a miss spends its time (the filter's own timers, medians of the recent requests):%n");
          missBreakdown.forEach(line -> System.out.println("- " + line));
        }
      } finally {
        server.stop();
      }
    }
  }

  /** One row's run: what it measured, and its throughput over the same round's (a). */
  private record Measured(LoadResult result, double ratio) {}

  /** Issue 20's figure: (d) over (g) round by round, each pair measured minutes apart at most. */
  private static void printNearAgainstMap(Map<String, List<Measured>> measured) {
    for (int size : SIZES) {
      List<Measured> near = measured.get("(d) near-cache hit | " + label(size));
      List<Measured> map = measured.get("(g) map filter (in-process limit) | " + label(size));
      if (near == null || map == null) {
        continue;
      }
      List<Measured> pairs = new ArrayList<>();
      for (int round = 0; round < near.size(); round++) {
        pairs.add(new Measured(near.get(round).result(), near.get(round).ratio() / map.get(round).ratio()));
      }
      System.out.printf("(d) near-cache hit over (g) map filter, %s, round by round: %s%n", label(size), ratios(pairs));
    }
  }

  private static double median(List<Measured> runs, ToDoubleFunction<Measured> figure) {
    double[] sorted = runs.stream().mapToDouble(figure).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static String ratios(List<Measured> runs) {
    String median = String.format("%.2f", median(runs, Measured::ratio));
    if (runs.size() == 1) {
      return median;
    }
    DoubleSummaryStatistics range = runs.stream().mapToDouble(Measured::ratio).summaryStatistics();
    return String.format("%s (%.2f-%.2f)", median, range.getMin(), range.getMax());
  }

  private static void warmUp(boolean wrk, int port) throws Exception {
    for (int pass = 0; pass < WARM_UP_ROUNDS; pass++) {
      for (int size : SIZES) {
        for (Row row : selectedRows(size)) {
          load(wrk, "http://127.0.0.1:" + port + row.path(), WARM_UP, row.uniqueKeys());
        }
      }
    }
  }

  private static List<Row> selectedRows(int size) {
    return rows(size).stream().filter(row -> ROWS.indexOf(row.name().charAt(1)) >= 0).toList();
  }

  private static List<Row> rows(int size) {
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("(a) bare servlet", "/plain/bare/" + size, false));
    rows.add(new Row("(b) origin, 20 ms, uncached", "/plain/origin/" + size, false));
    rows.add(new Row("(c) cache hit (Redis)", "/cached/" + size, false));
    rows.add(new Row("(d) near-cache hit", "/near/cached/" + size, false));
    rows.add(new Row("(e) miss (fresh key, 20 ms origin)", "/miss/" + size, true));
    rows.add(new Row("(f) cache hit (Redis Cluster)", "/cluster/cached/" + size, false));
    rows.add(new Row("(g) map filter (in-process limit)", "/map/cached/" + size, false));
    return rows;
  }

  /** The cached context's Redis lookup, origin and Redis save timers: medians, in ms. */
  private static String phases(Server server) {
    ServletContextHandler cached = null;
    for (org.eclipse.jetty.server.Handler handler : ((ContextHandlerCollection) server.getHandler()).getHandlers()) {
      if (handler instanceof ServletContextHandler context && context.getContextPath().equals("/")) {
        cached = context;
      }
    }
    com.codahale.metrics.MetricRegistry registry = BenchServers.registry(cached);
    StringBuilder phases = new StringBuilder();
    for (String name : List.of(MetricNames.LOOKUP_TIME, MetricNames.ORIGIN_TIME, MetricNames.SAVE_TIME)) {
      double medianMillis = registry.timer(name).getSnapshot().getMedian() / 1e6;
      phases.append(phases.length() == 0 ? "" : ", ").append(name.substring(name.indexOf('.') + 1))
          .append(String.format(" %.2f ms", medianMillis));
    }
    return phases.toString();
  }

  private static String label(int size) {
    return size >= 1024 ? size / 1024 + " KiB" : size + " B";
  }

  private static LoadResult load(boolean wrk, String url, Duration duration, boolean uniqueKeys) throws Exception {
    return wrk ? WrkLoad.run(url, CONNECTIONS, duration, uniqueKeys) : JavaLoad.run(url, CONNECTIONS, duration, uniqueKeys);
  }

  private static Server start(String redisUrl, String clusterNodes) throws Exception {
    ServletContextHandler plain = new ServletContextHandler("/plain");
    plain.addServlet(new ServletHolder(BenchServlets.constantBody(0)), "/bare/*");
    plain.addServlet(new ServletHolder(BenchServlets.constantBody(20)), "/origin/*");

    ServletContextHandler cached = cachedContext("/", Map.of("redis.url", redisUrl));
    ServletContextHandler near = cachedContext("/near", Map.of("redis.url", redisUrl,
        "cache.namespace", "near:", "cache.near-cache.max-size", "64MiB", "cache.near-cache.max-age", "1h"));
    ServletContextHandler onCluster = cachedContext("/cluster", Map.of("redis.cluster-nodes", clusterNodes));

    ServletContextHandler map = new ServletContextHandler("/map");
    map.addFilter(new FilterHolder(new MapCacheFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
    map.addServlet(new ServletHolder(BenchServlets.constantBody(20)), "/cached/*");

    return BenchServers.startLoopback(new ContextHandlerCollection(plain, cached, near, onCluster, map));
  }

  /** A context with the filter in front of the 20 ms origin: {@code /cached/{size}} and {@code /miss/{size}}. */
  private static ServletContextHandler cachedContext(String path, Map<String, String> extra) {
    Map<String, String> settings = new java.util.HashMap<>(Map.of("route.cached.path", "/cached/{size}",
        "route.cached.ttl", "1h",
        "route.miss.path", "/miss/{size}",
        "route.miss.ttl", "5s"));
    settings.putAll(extra);
    return BenchServers.filtered(path, settings, Map.of("/cached/*", BenchServlets.constantBody(20),
        "/miss/*", BenchServlets.constantBody(20)));
  }
}
