package io.github.httpcache.benchmarks;

import io.github.httpcache.testing.RedisFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * What {@code WAIT} costs a write (issue 18): a master and one replica ({@code redis-server
 * --replicaof}), and the filter with an invalidation rule on {@code PUT /item/{id}} in two contexts
 * that differ only in {@code redis.invalidation-replicas}: {@code all} (the default; here one
 * replica) and {@code 0}. Rows: a GET hit (the baseline), a PUT no rule names (the write through
 * the filter, nothing invalidated), and the invalidating PUT with each setting; each sequential
 * (one client, back to back) and concurrent (16 closed-loop clients), in interleaved rounds, so
 * the difference between the last two rows is what waiting for the replica adds. The origin's PUT
 * does no work. Figures only; nothing is asserted.
 *
 * <p>Run: {@code mvn -q -DskipTests install && mvn -q -pl benchmarks exec:java
 * -Dbench.main=io.github.httpcache.benchmarks.InvalidationCostBenchmark} (options: {@code -Dbench.seconds=4
 * -Dbench.rounds=3 -Dbench.connections=16}).
 */
public final class InvalidationCostBenchmark {
  private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 4));
  private static final int ROUNDS = Math.max(1, Integer.getInteger("bench.rounds", 3));
  private static final int CONNECTIONS = Integer.getInteger("bench.connections", 16);
  private static final int ITEMS = 100;

  private InvalidationCostBenchmark() {}

  /** One row: what it sends, and from which context. */
  private record Row(String name, String context, String method, String path) {}

  public static void main(String[] args) throws Exception {
    UncaughtExceptions uncaught = new UncaughtExceptions();
    uncaught.run(() -> {
      benchmark();
      System.out.printf("Exceptions no thread caught (the filter's and Jetty's threads):%s%n", uncaught.describe());
      return null;
    });
  }

  private static void benchmark() throws Exception {
    try (RedisFixture master = RedisFixture.startProcess();
        RedisFixture replica = RedisFixture.startProcess(List.of("--replicaof", master.host(),
            Integer.toString(master.port())))) {
      awaitReplicaLink(master, replica);
      ServletContextHandler acked = context("/acked", "all", master);
      ServletContextHandler unacked = context("/unacked", "0", master);
      Server server = BenchServers.startLoopback(new ContextHandlerCollection(acked, unacked));
      try {
        String base = "http://127.0.0.1:" + BenchServers.port(server);
        System.out.printf("%nhttp-cache invalidation cost, %s, %d cores, Java %s, master + 1 replica on loopback; "
                + "sequential: 1 client, concurrent: %d clients; %d s a cell, %d rounds (medians, range)%n",
            LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
            CONNECTIONS, RUN.toSeconds(), ROUNDS);
        checkInvalidation(base);
        Map<String, List<LoadResult>> results = measure(base);
        print(results);
        for (ServletContextHandler context : List.of(acked, unacked)) {
          System.out.printf("%s: filter counts %s%n", context.getContextPath(), troubles(BenchServers.counters(context)));
        }
        System.out.println(master.command("INFO", "commandstats").lines()
            .filter(line -> line.startsWith("cmdstat_wait") || line.startsWith("cmdstat_eval"))
            .reduce("Master's commandstats:", (all, line) -> all + "\n- " + line));
      } finally {
        server.stop();
      }
    }
  }

  /** The counts that say an invalidation did not land in time: store errors, refusals, bypasses. */
  private static Map<String, Long> troubles(Map<String, Long> counts) {
    Map<String, Long> troubles = new java.util.TreeMap<>();
    counts.forEach((name, count) -> {
      if (count > 0 && (name.contains("error") || name.contains("refus") || name.contains("bypass"))) {
        troubles.put(name, count);
      }
    });
    return troubles;
  }

  private static List<Row> rows() {
    return List.of(
        new Row("GET hit", "/unacked", "GET", "/item/"),
        new Row("PUT, no rule (nothing invalidated)", "/unacked", "PUT", "/other/"),
        new Row("PUT invalidating, invalidation-replicas=0", "/unacked", "PUT", "/item/"),
        new Row("PUT invalidating, invalidation-replicas=all (1 replica)", "/acked", "PUT", "/item/"));
  }

  /** Every row sequentially then concurrently, round after round, interleaved so the machine's drift hits all alike. */
  private static Map<String, List<LoadResult>> measure(String base) throws Exception {
    Map<String, List<LoadResult>> results = new LinkedHashMap<>();
    for (int round = 0; round <= ROUNDS; round++) {
      for (Row row : rows()) {
        for (int clients : new int[] {1, CONNECTIONS}) {
          LoadResult result = JavaLoad.run(clients, RUN, (worker, n) -> request(base, row, worker, n));
          if (round > 0) { // round 0 warms up the JIT and the connections
            results.computeIfAbsent(row.name() + " | " + (clients == 1 ? "sequential" : clients + " concurrent"),
                k -> new ArrayList<>()).add(result);
          }
        }
      }
    }
    return results;
  }

  /** A GET hit reads one hot item; writes spread over {@value #ITEMS} items. */
  private static HttpRequest request(String base, Row row, int worker, long n) {
    String id = row.method().equals("GET") ? "hot" : Long.toString((worker * 7919L + n) % ITEMS);
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + row.context() + row.path() + id));
    return row.method().equals("GET") ? builder.build()
        : builder.PUT(HttpRequest.BodyPublishers.ofString("{\"v\":" + n + "}")).build();
  }

  /** Proves the rule works before timing it: after a PUT, the next GET of the item must miss. */
  private static void checkInvalidation(String base) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    for (String context : List.of("/acked", "/unacked")) {
      URI item = URI.create(base + context + "/item/check");
      client.send(HttpRequest.newBuilder(item).build(), HttpResponse.BodyHandlers.discarding());
      String before = xCache(client, item);
      client.send(HttpRequest.newBuilder(item).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
          HttpResponse.BodyHandlers.discarding());
      System.out.printf("%s: GET after a GET %s, GET after a PUT %s%n", context, before, xCache(client, item));
    }
  }

  private static String xCache(HttpClient client, URI uri) throws Exception {
    return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
        .headers().firstValue("X-Cache").orElse("none");
  }

  private static void print(Map<String, List<LoadResult>> results) {
    System.out.printf("%n| row | load | req/s | p50 ms | p99 ms |%n|---|---|---|---|---|%n");
    results.forEach((row, runs) -> System.out.printf("| %s | %s | %s | %s |%s%n", row,
        spread(runs, LoadResult::requestsPerSecond, "%.0f"), spread(runs, LoadResult::p50Millis, "%.2f"),
        spread(runs, LoadResult::p99Millis, "%.2f"),
        errors(runs)));
  }

  /** Responses of 400 or more and failed exchanges, over the rounds. */
  private static String errors(List<LoadResult> runs) {
    long errors = runs.stream().mapToLong(LoadResult::errors).sum();
    return errors == 0 ? "" : " " + errors + " errors over the rounds";
  }

  /** The median over the rounds, and their range in brackets. */
  private static String spread(List<LoadResult> runs, java.util.function.ToDoubleFunction<LoadResult> figure,
      String format) {
    double[] sorted = runs.stream().mapToDouble(figure).sorted().toArray();
    double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    return String.format(format + " (" + format + "-" + format + ")", median, sorted[0], sorted[sorted.length - 1]);
  }

  private static ServletContextHandler context(String path, String replicas, RedisFixture master) {
    return BenchServers.filtered(path, Map.of("redis.url", master.url(),
        "cache.namespace", path.substring(1) + ":",
        "redis.invalidation-replicas", replicas,
        "route.item.path", "/item/{id}",
        "route.item.ttl", "1h",
        "invalidate.item.method", "PUT",
        "invalidate.item.path", "/item/{id}",
        "invalidate.item.keys", "GET:/item/{id}"), Map.of("/*", BenchServlets.versioned()));
  }

  /** Waits (bounded) until the replica has synced and the master counts it. */
  private static void awaitReplicaLink(RedisFixture master, RedisFixture replica) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (replica.command("INFO", "replication").contains("master_link_status:up")
          && master.command("INFO", "replication").contains("connected_slaves:1")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("The replica did not sync within 20 s: " + replica.command("INFO", "replication"));
  }
}
